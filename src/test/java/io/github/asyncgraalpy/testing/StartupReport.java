package io.github.asyncgraalpy.testing;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runtime.ContextStartup;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Prints, after the suite, how much of it went into making GraalPy contexts: the price of start-up, measured. */
public final class StartupReport implements TestExecutionListener {

    private long suiteStart;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        suiteStart = System.nanoTime();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        ContextStartup.Statistics startups = ExampleRuntime.shared().startupStatistics();
        if (startups.count() == 0) {
            return;
        }
        System.out.printf("[async-graalpy] GraalPy start-up in this test JVM: %d contexts, first %.1f s, others %.2f s on average;"
                        + " %.1f s of %.1f s of tests%n",
                startups.count(), startups.first().toNanos() / 1e9, startups.averageOfOthers().toNanos() / 1e9,
                startups.total().toNanos() / 1e9, (System.nanoTime() - suiteStart) / 1e9);
    }
}
