package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The Java futures' outcomes for one event loop, delivered in batches: completing threads add to a queue, and only the
 * first outcome after a delivery posts this object to the loop's inbox; the loop then takes every outcome queued by
 * then in one host call ({@link #drainInto}). Not for user code.
 */
public final class Completions {

    /** {@link #drainInto}'s kinds of outcome. */
    static final int RESULT = 0;
    static final int ERROR = 1;
    static final int CANCELLED = 2;

    private final JavaSelector selector;
    private final ConcurrentLinkedQueue<FutureCompletion> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean posted = new AtomicBoolean();

    Completions(JavaSelector selector) {
        this.selector = selector;
    }

    /** From the completing thread: never blocks, never enters Python. */
    void add(FutureCompletion completion) {
        queue.add(completion);
        if (!posted.get() && posted.compareAndSet(false, true)) {
            selector.post(this); // dropped when the loop has closed: nothing awaits the futures any more
        }
    }

    /**
     * On the loop's thread: hands every outcome queued since the last drain to {@code settle}, called once as
     * {@code settle(loop, *flat)}, three arguments per outcome: the asyncio future, the kind ({@code 0} a result,
     * {@code 1} an error, {@code 2} cancelled) and the result, or the error: a {@code RaisedError}, or the Python
     * exception itself (see {@link FutureCompletion#error()}). As arguments rather than a returned list: Python reads
     * its own argument tuple directly, a Java list one element at a time through interop, which cost the loop about
     * as much as the rest of a delivery.
     */
    @HostAccess.Export
    public void drainInto(Value settle, Value loop) {
        posted.set(false); // before taking: an outcome added from now on is taken now or posts again
        List<Object> arguments = new ArrayList<>();
        arguments.add(loop);
        for (FutureCompletion completion; (completion = queue.poll()) != null; ) {
            arguments.add(completion.future());
            if (completion.isCancelled()) {
                arguments.add(CANCELLED);
                arguments.add(null);
            } else {
                Object error = completion.error();
                arguments.add(error == null ? RESULT : ERROR);
                arguments.add(error == null ? completion.result() : error);
            }
        }
        if (arguments.size() > 1) {
            settle.executeVoid(arguments.toArray());
        }
    }
}
