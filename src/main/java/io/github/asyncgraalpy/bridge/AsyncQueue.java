package io.github.asyncgraalpy.bridge;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;

/**
 * A queue that Java threads {@link #put} into and Python drains with {@code async for}; {@link #finish()} ends the
 * iteration once what was put has been taken. Unbounded; one consumer at a time.
 *
 * @param <T> the element type
 */
public final class AsyncQueue<T> implements PyAsyncSource {

    private static final Object END = new Object() {
        @Override
        public String toString() {
            return "<end of AsyncQueue>";
        }
    };

    private final Deque<Object> elements = new ArrayDeque<>();
    private CompletableFuture<Object> waiting;
    private boolean finished;

    @HostAccess.Export
    public AsyncQueue() {}

    /**
     * Adds an element, waking the consumer if it waits; from any thread.
     *
     * @throws IllegalStateException after {@link #finish()}
     */
    public void put(T element) {
        CompletableFuture<Object> consumer;
        synchronized (this) {
            if (finished) {
                throw new IllegalStateException("put after finish()");
            }
            consumer = waiting;
            waiting = null;
            if (consumer == null) {
                elements.add(element);
            }
        }
        if (consumer != null) {
            consumer.complete(element);
        }
    }

    /** No more elements: the iteration ends after the ones already put. Idempotent. */
    public void finish() {
        CompletableFuture<Object> consumer;
        synchronized (this) {
            finished = true;
            consumer = waiting;
            waiting = null;
        }
        if (consumer != null) {
            consumer.complete(END);
        }
    }

    @HostAccess.Export
    @Override
    public synchronized CompletableFuture<Object> nextElement() {
        if (waiting != null) {
            throw new IllegalStateException("an AsyncQueue has one consumer: the previous nextElement() is still pending");
        }
        if (!elements.isEmpty()) {
            return CompletableFuture.completedFuture(elements.poll());
        }
        if (finished) {
            return CompletableFuture.completedFuture(END);
        }
        waiting = new CompletableFuture<>();
        return waiting;
    }

    @HostAccess.Export
    @Override
    public boolean isEnd(Object element) {
        return element == END;
    }
}
