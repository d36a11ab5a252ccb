package io.github.asyncgraalpy.coroutine;

import io.github.asyncgraalpy.runtime.PythonException;
import org.graalvm.polyglot.HostAccess;

/** Test double for the contract: suspends n times, but answers a cancellation by returning "suppressed". */
public final class Stubborn extends JavaCoroutine<String> {

    private int remaining;

    @HostAccess.Export
    public Stubborn(int n) {
        this.remaining = n;
    }

    @Override
    protected IterNextOutput step(Object sent) {
        if (remaining-- > 0) {
            return suspend();
        }
        return complete("finished");
    }

    @Override
    protected IterNextOutput onThrow(PythonException thrown) {
        if (thrown.pythonType().endsWith("CancelledError")) {
            return complete("suppressed");
        }
        throw thrown;
    }
}
