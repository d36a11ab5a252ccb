package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.runtime.PythonContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Value;

/** {@code workloads.py} loaded into a GraalPy context: the Python half of every case, and every baseline. */
final class Workloads {

    private final PythonContext python;
    private final Value module;

    Workloads(PythonContext python) {
        this.python = python;
        this.module = python.loadModule(source(), "workloads.py", "workloads");
    }

    Value get(String name) {
        Value member = module.getHashValue(name);
        if (member == null || member.isNull()) {
            throw new IllegalArgumentException("workloads.py has no " + name);
        }
        return member;
    }

    /** Calls workload {@code name}, which returns nanoseconds. */
    long nanos(String name, Object... args) {
        return python.call(get(name), args).asLong();
    }

    PythonContext python() {
        return python;
    }

    static String source() {
        try (InputStream in = Workloads.class.getResourceAsStream("workloads.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
