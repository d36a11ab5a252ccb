package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One benchmark group in a JVM of its own, started by {@link Benchmarks}: {@code GroupMain GROUP RESULT_FILE}. Writes
 * the group's measurements to the result file, the GraalPy version first as a comment; exits 3 on an interpreter-only
 * runtime unless {@code -Dbench.allowInterpreted=true}.
 *
 * <p>A quick run starts it with several groups, {@code GroupMain GROUP RESULT_FILE GROUP RESULT_FILE ...}: they run one
 * after the other, each on an engine of its own (so with compiled Python code of its own) and with a compilation log of
 * its own beside its result file ({@link QuickRun#oneJvm}).
 */
public final class GroupMain {

    static final int EXIT_INTERPRETED = 3;

    /** The runtime of a group that needs one of its own (a network grant), closed when the group ends. */
    private static GraalPyRuntime ownRuntime;

    private GroupMain() {}

    /** The shared example runtime, or for a group with a network one like it that grants it. */
    private static GraalPyRuntime runtimeFor(Group group) {
        if (group.network().allowsNothing()) {
            return ExampleRuntime.shared();
        }
        ownRuntime = ExampleRuntime.builder().network(group.network()).build();
        return ownRuntime;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 2 || args.length % 2 != 0) {
            System.err.println("usage: GroupMain GROUP RESULT_FILE [GROUP RESULT_FILE ...], GROUP one of " + Group.ids());
            System.exit(2);
        }
        boolean several = args.length > 2;
        int status = 0;
        for (int i = 0; i < args.length && status == 0; i += 2) {
            Group group = Group.byId(args[i]);
            Path resultFile = Path.of(args[i + 1]);
            if (several) {
                System.out.printf("%s (%s)%n", group.id, group.description);
                // Read when the group's engine is built: its compilation trace goes to a file of its own.
                System.setProperty("polyglot.log.file", compilationLog(group, resultFile).toAbsolutePath().toString());
            }
            status = run(group, resultFile);
        }
        // Completer and loop threads are daemons; leave without waiting for the engine's threads.
        System.exit(status);
    }

    /** Where {@link Benchmarks} puts a group's compilation trace: beside its result file. */
    static Path compilationLog(Group group, Path resultFile) {
        return resultFile.resolveSibling(group.id + "-compilation.log");
    }

    /** Runs one group and writes its result file; its runtime is closed after it, so a next group gets engines of its own. */
    private static int run(Group group, Path resultFile) throws IOException, InterruptedException {
        int status = 0;
        try {
            if (group.measuresStartup()) {
                // Nothing may run before the first context: it is what is measured.
                List<Measurement> measured = group.run(null, CompilationLog.ofThisJvm());
                Files.writeString(resultFile, ResultLines.write(measured));
            } else {
                try (PythonContext python = runtimeFor(group).newContext(System.out, System.err, group.grants)) {
                    String version = python.pythonVersion().replace('\n', ' ');
                    if (version.contains("Interpreted") && !Boolean.getBoolean("bench.allowInterpreted")) {
                        status = EXIT_INTERPRETED;
                        Files.writeString(resultFile, "# graalpy " + version + "\n");
                    } else {
                        List<Measurement> measured = group.run(new Workloads(python), CompilationLog.ofThisJvm());
                        Files.writeString(resultFile, "# graalpy " + version + "\n" + ResultLines.write(measured));
                    }
                }
            }
        } finally {
            ExampleRuntime.close();
            if (ownRuntime != null) {
                ownRuntime.close();
                ownRuntime = null;
            }
        }
        return status;
    }
}
