package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runtime.NetworkPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
                    : runScript(Path.of(script), timeLimit);
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

    /**
     * One script, with the network {@code -Dnetwork} grants and the heap {@code -Dheap.limit} allows; an endpoint or a
     * limit it cannot take exits 2, saying why.
     */
    private static int runScript(Path script, Duration timeLimit) {
        Optional<NetworkPolicy> network;
        long heapLimit;
        try {
            network = NetworkGrant.fromSystemProperty();
        } catch (IllegalArgumentException bad) {
            System.err.println("-Dnetwork: " + bad.getMessage());
            return 2;
        }
        try {
            heapLimit = HeapLimit.fromSystemProperty();
        } catch (IllegalArgumentException bad) {
            System.err.println("-Dheap.limit: " + bad.getMessage());
            return 2;
        }
        return new ScriptCommand(System.out, System.err, timeLimit, network, heapLimit).runScript(script);
    }

    /** The pairs as the properties ask; a property the runner cannot take (-Drepeat=0) exits 2, saying which. */
    private static int runPairs(Duration timeLimit) {
        PairRunner.Pairs request;
        try {
            HeapLimit.fromSystemProperty(); // the columns take it; a limit they cannot take is said before anything runs
        } catch (IllegalArgumentException bad) {
            System.err.println("-Dheap.limit: " + bad.getMessage());
            return 2;
        }
        try {
            request = PairRunner.Pairs.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (!System.getProperty(NetworkGrant.PROPERTY, "").isBlank()) {
            System.err.println("-Dnetwork grants a -Dscript run its endpoints; each pair gets the network its script declares (# network:, see docs/runner.md), and no more");
        }
        return new PairRunner(System.out, System.err, timeLimit).runPairs(request);
    }
}
