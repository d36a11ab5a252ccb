package io.github.asyncgraalpy.testing.pythonfacing;

import io.github.asyncgraalpy.coroutine.IterNextOutput;
import io.github.asyncgraalpy.coroutine.JavaCoroutine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * A Java coroutine that appends {@code "<name> <step>"} to a Python list at each of its {@code steps} steps, yielding
 * to the loop after each, then returns {@code name}: how the contract sees tasks interleave, step by step.
 */
public final class TracingCoroutine extends JavaCoroutine<String> {

    private final String name;
    private final Value trace;
    private final int steps;
    private int taken;

    @HostAccess.Export
    public TracingCoroutine(String name, int steps, Value trace) {
        this.name = name;
        this.trace = trace;
        this.steps = steps;
    }

    @Override
    protected IterNextOutput step(Object sent) {
        if (taken == steps) {
            return complete(name);
        }
        trace.invokeMember("append", name + " " + taken++);
        return suspend();
    }
}
