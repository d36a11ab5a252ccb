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
        if (args.length != 2) {
            System.err.println("usage: GroupMain GROUP RESULT_FILE, GROUP one of " + Group.ids());
            System.exit(2);
        }
        Group group = Group.byId(args[0]);
        Path resultFile = Path.of(args[1]);
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
            }
        }
        // Completer and loop threads are daemons; leave without waiting for the engine's threads.
        System.exit(status);
    }
}
