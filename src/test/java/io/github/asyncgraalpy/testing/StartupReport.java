package io.github.asyncgraalpy.testing;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import java.time.Duration;
import java.util.List;
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
        List<Duration> startups = GraalPyRuntime.shared().startups();
        if (startups.isEmpty()) {
            return;
        }
        double total = startups.stream().mapToLong(Duration::toNanos).sum() / 1e9;
        double others = startups.stream().skip(1).mapToLong(Duration::toNanos).average().orElse(0) / 1e9;
        System.out.printf("[async-graalpy] GraalPy start-up in this test JVM: %d contexts, first %.1f s, others %.1f s on average;"
                        + " %.1f s of %.1f s of tests%n",
                startups.size(), startups.get(0).toNanos() / 1e9, others, total, (System.nanoTime() - suiteStart) / 1e9);
    }
}
