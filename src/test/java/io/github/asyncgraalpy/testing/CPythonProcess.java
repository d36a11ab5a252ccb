package io.github.asyncgraalpy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPython ({@code python3} from the PATH, 3.11 or newer) as the reference the library's tests compare with: a program
 * runs in a process of its own and its standard output is the answer. The runner has a richer one for the pairs; the
 * library's tests need only this much, and not the runner.
 */
public final class CPythonProcess {

    private static final long TIMEOUT_SECONDS = 60;
    /** Whether it is 3.11 or newer, and the interpreter itself. */
    private static final String IS_RECENT_ENOUGH = "import sys; print(sys.version_info >= (3, 11)); print(sys.executable)";

    private final String executable;
    private final boolean available;

    private CPythonProcess(String executable, boolean available) {
        this.executable = executable;
        this.available = available;
    }

    /**
     * {@code python3}, usable when it answers that it is 3.11 or newer. The programs then run on the interpreter it
     * names as {@code sys.executable}: {@code python3} on the PATH may be a launcher (pyenv's shim is a shell script
     * that starts pyenv, about 0.1 s of a core each time), and the tests start CPython a few hundred times.
     */
    public static CPythonProcess python3() {
        String executable = "python3";
        try {
            List<String> answer = new CPythonProcess(executable, true).stdoutOf("-c", IS_RECENT_ENOUGH).strip().lines().toList();
            boolean recentEnough = !answer.isEmpty() && "True".equals(answer.get(0));
            String interpreter = answer.size() > 1 && Files.isExecutable(Path.of(answer.get(1))) ? answer.get(1) : executable;
            return new CPythonProcess(interpreter, recentEnough);
        } catch (RuntimeException | AssertionError missingOrBroken) {
            return new CPythonProcess(executable, false);
        }
    }

    /** The interpreter the programs run on: {@code python3}'s {@code sys.executable}, or {@code python3} itself. */
    public String executable() {
        return executable;
    }

    /** False where there is no CPython 3.11+: tests that compare with it are then skipped by an assumption. */
    public boolean available() {
        return available;
    }

    /** Runs {@code program} as a script; its standard output, or an AssertionError with what it wrote to stderr. */
    public String run(String program) {
        try {
            Path script = Files.createTempFile("cpython", ".py");
            try {
                Files.writeString(script, program);
                return stdoutOf(script.toString());
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String stdoutOf(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = executable;
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            Path errors = Files.createTempFile("cpython", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("CPython ran past " + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("CPython exited with " + process.exitValue() + ":\n" + Files.readString(errors));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while CPython ran", e);
        }
    }
}
