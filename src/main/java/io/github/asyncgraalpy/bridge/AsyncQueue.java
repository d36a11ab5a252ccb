package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.coroutine.PyAsyncSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;

/**
 * A queue that Java threads {@link #put} into and Python drains with {@code async for}; {@link #finish()} ends the
 * iteration once what was put has been taken. Unbounded, or bounded: then {@link #put} waits while it is full, so a
 * producer faster than its consumer holds at most {@code capacity} elements in memory. One consumer at a time.
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
    private final int capacity;
    private CompletableFuture<Object> waiting;
    private boolean finished;

    /** An unbounded queue. */
    @HostAccess.Export
    public AsyncQueue() {
        this.capacity = Integer.MAX_VALUE;
    }

    /** A queue holding at most {@code capacity} elements that the consumer has not taken yet. */
    public AsyncQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be 1 or more, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Adds an element, waking the consumer if it waits; from any thread. Waits while a bounded queue is full.
     *
     * @throws IllegalStateException after {@link #finish()}
     * @throws InterruptedException if interrupted while waiting for room; the element was not added
     */
    public void put(T element) throws InterruptedException {
        CompletableFuture<Object> consumer;
        synchronized (this) {
            while (!finished && elements.size() >= capacity) {
                wait();
            }
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
            notifyAll(); // a producer waiting for room learns that no more elements are wanted
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
            Object element = elements.poll();
            notifyAll(); // room for a waiting producer
            return CompletableFuture.completedFuture(element);
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
