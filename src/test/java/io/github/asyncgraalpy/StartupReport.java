package io.github.asyncgraalpy;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runtime.ContextStartup;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.util.Map;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, after the suite, how much of it went into making GraalPy contexts: the price of start-up, measured, per
 * runtime the test JVM built (the library's tests run in {@link TestRuntime}, the apps' in {@link ExampleRuntime}; each
 * has an engine of its own, whose first context pays its warm-up). Project-level, beside ReadmeTest: it names both.
 */
public final class StartupReport implements TestExecutionListener {

    /** When the JVM's first test plan started: Surefire may run further plans in the same JVM (the share of the suite is of all of them). */
    private long suiteStart;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (suiteStart == 0) {
            suiteStart = System.nanoTime();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        double suiteSeconds = (System.nanoTime() - suiteStart) / 1e9;
        Map<String, GraalPyRuntime> runtimes = new java.util.LinkedHashMap<>();
        TestRuntime.ifBuilt().ifPresent(runtime -> runtimes.put("the tests' runtime", runtime));
        runtimes.put("the examples' runtime", ExampleRuntime.shared());
        runtimes.forEach((name, runtime) -> {
            ContextStartup.Statistics startups = runtime.startupStatistics();
            if (startups.count() > 0) {
                System.out.printf("[async-graalpy] GraalPy start-up in this test JVM (%s): %d contexts, first %.1f s, others %.2f s on average;"
                                + " %.1f s of %.1f s of tests%n",
                        name, startups.count(), startups.first().toNanos() / 1e9, startups.averageOfOthers().toNanos() / 1e9,
                        startups.total().toNanos() / 1e9, suiteSeconds);
            }
        });
    }
}
