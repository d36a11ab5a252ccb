package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.coroutine.PyAsyncSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;

/**
 * A queue that Java threads {@link #put} into and Python drains with {@code async for}; {@link #finish()} ends the
 * iteration once what was put has been taken. Unbounded, or bounded: then a producer faster than its consumer holds at
 * most {@code capacity} elements in memory, and it chooses what a full queue does to it: {@link #put} waits for room,
 * {@link #offer(Object)} fails at once (returns false), {@link #offer(Object, Duration)} waits up to a limit. One
 * consumer at a time.
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

    private static final String NULL_ELEMENT = "an AsyncQueue element must not be null (async for would see None)";

    private final Deque<Object> elements = new ArrayDeque<>();
    private final int capacity;
    private CompletableFuture<Object> waiting;
    private boolean finished;
    /** For tests only: runs between taking the waiting consumer and completing it, where a cancel may come. */
    volatile Runnable beforeHandOver;

    /** An unbounded queue. */
    @HostAccess.Export
    public AsyncQueue() {
        this.capacity = Integer.MAX_VALUE;
    }

    /** A queue holding at most {@code capacity} elements that the consumer has not taken yet. */
    @HostAccess.Export
    public AsyncQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be 1 or more, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Adds an element, waking the consumer if it waits; from any thread. Waits while a bounded queue is full.
     *
     * @throws NullPointerException if {@code element} is null, whether or not a consumer waits
     * @throws IllegalStateException after {@link #finish()}
     * @throws InterruptedException if interrupted while waiting for room; the element was not added
     */
    public void put(T element) throws InterruptedException {
        offer(element, Long.MAX_VALUE);
    }

    /**
     * Adds an element if there is room, waking the consumer if it waits; from any thread. Never waits.
     *
     * @return false, adding nothing, when the queue is full
     * @throws NullPointerException if {@code element} is null
     * @throws IllegalStateException after {@link #finish()}
     */
    public boolean offer(T element) {
        try {
            return offer(element, 0);
        } catch (InterruptedException cannotHappen) { // offer(…, 0) never waits
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Adds an element, waiting up to {@code timeout} for room while the queue is full; from any thread.
     *
     * @return false, adding nothing, when the queue was still full after {@code timeout}
     * @throws NullPointerException if {@code element} or {@code timeout} is null
     * @throws IllegalStateException after {@link #finish()}
     * @throws InterruptedException if interrupted while waiting for room; the element was not added
     */
    public boolean offer(T element, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(element, NULL_ELEMENT);
        Objects.requireNonNull(timeout, "timeout");
        return offer(element, timeout.isNegative() ? 0 : saturatedNanos(timeout));
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private boolean offer(T element, long timeoutNanos) throws InterruptedException {
        Objects.requireNonNull(element, NULL_ELEMENT);
        CompletableFuture<Object> consumer;
        synchronized (this) {
            long deadline = System.nanoTime() + timeoutNanos;
            while (!finished && elements.size() >= capacity) {
                long left = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (left == Long.MAX_VALUE) {
                    wait();
                } else {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            if (finished) {
                throw new IllegalStateException("put after finish()");
            }
            consumer = takeWaitingConsumer();
            if (consumer == null) {
                elements.add(element);
            }
        }
        // Completed outside the lock: the consumer's dependents run on this thread.
        if (consumer != null && beforeHandOver != null) {
            beforeHandOver.run();
        }
        while (consumer != null && !consumer.complete(element)) {
            // The consumer was cancelled (its task was) between the hand-over and now: the element goes to whoever
            // waits now, or back to the head of the queue, never to nobody.
            synchronized (this) {
                consumer = takeWaitingConsumer();
                if (consumer == null) {
                    elements.addFirst(element);
                    notifyAll();
                }
            }
        }
        return true;
    }

    /** The consumer waiting now, no longer waiting; null if none is, or it has given up (cancelled). Holds the lock. */
    private CompletableFuture<Object> takeWaitingConsumer() {
        CompletableFuture<Object> consumer = waiting;
        waiting = null;
        return consumer == null || consumer.isDone() ? null : consumer;
    }

    /** How many elements wait for the consumer. */
    public synchronized int size() {
        return elements.size();
    }

    /** No more elements: the iteration ends after the ones already put. Idempotent. */
    public void finish() {
        CompletableFuture<Object> consumer;
        synchronized (this) {
            finished = true;
            consumer = takeWaitingConsumer();
            notifyAll(); // a producer waiting for room learns that no more elements are wanted
        }
        if (consumer != null) {
            consumer.complete(END);
        }
    }

    @HostAccess.Export
    @Override
    public synchronized CompletableFuture<Object> nextElement() {
        if (waiting != null && waiting.isDone()) {
            waiting = null; // cancelled: its task gave up, and a new consumer may take its place
        }
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

    /**
     * The oldest element, taken now, if the consumer need not wait for one; null when the queue is empty (finished
     * or not: {@link #nextElement()} tells the end). {@code async for} takes what is there this way, with no future
     * per element.
     */
    @HostAccess.Export
    @Override
    public synchronized Object elementIfReady() {
        Object element = elements.poll();
        if (element != null) {
            notifyAll(); // room for a waiting producer
        }
        return element;
    }

    @HostAccess.Export
    @Override
    public boolean isEnd(Object element) {
        return element == END;
    }
}
