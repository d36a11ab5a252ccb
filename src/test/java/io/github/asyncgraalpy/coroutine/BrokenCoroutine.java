package io.github.asyncgraalpy.coroutine;

import org.graalvm.polyglot.HostAccess;

/** Test double: a JavaCoroutine that breaks its contract on its second step, in the way {@code how} names. */
public final class BrokenCoroutine extends JavaCoroutine<Object> {

    private final String how;
    private boolean started;

    @HostAccess.Export
    public BrokenCoroutine(String how) {
        this.how = how;
    }

    @Override
    protected IterNextOutput step(Object sent) {
        if (!started) {
            started = true;
            return suspend();
        }
        switch (how) {
            case "null":
                return null;
            case "error":
                throw new AssertionError("invariant broken in Java");
            case "runtime":
                throw new IllegalStateException("no connection");
            case "unknown type":
                throw new PyError("NoSuchError", "whatever");
            case "qualified type":
                throw new PyError("asyncio.InvalidStateError", "not now");
            default:
                return complete(how);
        }
    }
}
