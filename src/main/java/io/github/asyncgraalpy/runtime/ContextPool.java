package io.github.asyncgraalpy.runtime;

import java.io.OutputStream;
import java.time.Duration;

/**
 * The former name of {@link PrestartedContexts}: contexts started ahead of need, each handed out once. It never took a
 * context back, though its name promised that.
 *
 * @deprecated for removal: use {@link PrestartedContexts}, from {@link GraalPyRuntime#prestartContexts(int, java.util.Set)};
 *     this delegates to one.
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class ContextPool implements AutoCloseable {

    private final PrestartedContexts contexts;

    ContextPool(PrestartedContexts contexts) {
        this.contexts = contexts;
    }

    /** {@link PrestartedContexts#size()}. */
    public int size() {
        return contexts.size();
    }

    /** {@link PrestartedContexts#awaitFull(Duration)}. */
    public boolean awaitFull(Duration timeout) throws InterruptedException {
        return contexts.awaitFull(timeout);
    }

    /** {@link PrestartedContexts#take(OutputStream, OutputStream)}. */
    public PythonContext take(OutputStream out, OutputStream err) {
        return contexts.take(out, err);
    }

    /** {@link PrestartedContexts#close()}. */
    @Override
    public void close() {
        contexts.close();
    }
}
