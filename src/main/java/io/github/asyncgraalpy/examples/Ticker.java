package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.coroutine.IterNextOutput;
import io.github.asyncgraalpy.coroutine.JavaCoroutine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * Appends {@code "name i"} to a Python list at each of its {@code n} steps, suspending between them, and returns
 * {@code name}: the twin of
 * <pre>{@code
 * async def ticker(name, n, trace):
 *     for i in range(n):
 *         trace.append(f"{name} {i}")
 *         await asyncio.sleep(0)
 *     return name
 * }</pre>
 */
public final class Ticker extends JavaCoroutine<String> {

    private final String name;
    private final int n;
    private final Value trace;
    private int done;

    @HostAccess.Export
    public Ticker(String name, int n, Value trace) {
        if (!trace.hasMember("append")) {
            throw new IllegalArgumentException("trace must be a Python list, was " + trace);
        }
        this.name = name;
        this.n = n;
        this.trace = trace;
    }

    @Override
    protected IterNextOutput step(Object sent) {
        if (done < n) {
            trace.invokeMember("append", name + " " + done++);
            return suspend();
        }
        return complete(name);
    }
}
