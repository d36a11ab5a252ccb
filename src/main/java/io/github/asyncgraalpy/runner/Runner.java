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
    /** {@code -Drequirements=FILE}: the packages a {@code -Dscript} run may import ({@link PairRequirements}); empty: none. */
    static final String REQUIREMENTS_PROPERTY = "asyncgraalpy.requirements";

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
        Optional<Path> packages;
        try {
            packages = packagesFromSystemProperty();
        } catch (IllegalArgumentException | PairPackages.Unusable bad) {
            System.err.println("-Drequirements: " + bad.getMessage());
            return 2;
        }
        return new ScriptCommand(System.out, System.err, timeLimit, network, heapLimit, packages).runScript(script);
    }

    /**
     * The packages {@code -Drequirements=FILE} names, installed for GraalPy (or reused) before the script runs; empty
     * without it. What the installer says goes to stderr, the script's stdout stays its own.
     */
    static Optional<Path> packagesFromSystemProperty() throws PairPackages.Unusable {
        return packagesFor(System.getProperty(REQUIREMENTS_PROPERTY, ""),
                PairPackages.fromSystemProperties(Path.of(System.getProperty(PairRunner.JVM_DIR_PROPERTY, "target/jvm")), System.err));
    }

    /**
     * The packages of the requirements file {@code file} names, from {@code installed}; empty for a blank name.
     *
     * @throws IllegalArgumentException for a file that is missing or not pinned with hashes ({@link PairRequirements})
     * @throws PairPackages.Unusable for packages that cannot be installed (a native one among them)
     */
    static Optional<Path> packagesFor(String file, PairPackages installed) throws PairPackages.Unusable {
        if (file.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(installed.forGraalPy(PairRequirements.read(Path.of(file.strip()))));
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
        if (!System.getProperty(REQUIREMENTS_PROPERTY, "").isBlank()) {
            System.err.println("-Drequirements gives a -Dscript run its packages; the pairs get those of the " + PairRequirements.FILE_NAME
                    + " beside them (see docs/packages.md)");
        }
        return new PairRunner(System.out, System.err, timeLimit).runPairs(request);
    }
}
