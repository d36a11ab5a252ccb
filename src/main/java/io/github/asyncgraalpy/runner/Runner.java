package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The main job's entry point, for the pom's {@code exec:exec}. Without {@code -Dasyncgraalpy.script} it runs the pairs
 * ({@link PairRunner}: the comparison table; 0 only if every pair agrees); with {@code -Dasyncgraalpy.script=FILE.py}
 * it runs that one file instead ({@link ScriptCommand}: the exit status {@code python3} would give). Either way the
 * JVM exits with that status once the shared GraalPy runtime is closed.
 */
public final class Runner {

    static final String SCRIPT_PROPERTY = "asyncgraalpy.script";

    private Runner() {}

    public static void main(String[] args) {
        String script = System.getProperty(SCRIPT_PROPERTY, "").strip();
        int status;
        try {
            Duration timeLimit = TimeLimit.fromSystemProperty();
            status = script.isEmpty()
                    ? runPairs(timeLimit)
                    : new ScriptCommand(System.out, System.err, timeLimit).runScript(Path.of(script));
        } catch (RuntimeException | Error failed) {
            // The last guard: the runner's own fault, or a script's way round the guards below; one line, no Java stack.
            System.err.println("the runner failed: " + failed);
            status = 1;
        }
        try {
            ExampleRuntime.close();
        } catch (RuntimeException | Error failed) {
            System.err.println("the runner failed to close its GraalPy runtime: " + failed);
        }
        System.exit(status);
    }

    /** The pairs as the properties ask; a property the runner cannot take (-Drepeat=0) exits 2, saying which. */
    private static int runPairs(Duration timeLimit) {
        PairRunner.Pairs request;
        try {
            request = PairRunner.Pairs.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return new PairRunner(System.out, System.err, timeLimit).runPairs(request);
    }
}
