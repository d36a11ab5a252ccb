package io.github.asyncgraalpy.bridge;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.HostAccess;

/**
 * A publisher of 0, 1, 2, … up to {@code count} for tests: elements are sent on a thread of its own, as requested, and
 * it records every request, what it sent and whether it was cancelled; Python reads those through the exported
 * methods. It can fail after some elements, or break rule 1.1 by sending more than was requested.
 */
public final class CountingPublisher implements Flow.Publisher<Integer> {

    private final int count;
    private final int failAfter;
    private final boolean overflow;
    private final boolean synchronous; // sends within request, on the requesting thread (for async for, the loop's)
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "counting publisher");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Long> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean cancelled;

    private CountingPublisher(int count, int failAfter, boolean overflow, boolean synchronous) {
        this.count = count;
        this.failAfter = failAfter;
        this.overflow = overflow;
        this.synchronous = synchronous;
    }

    /** Sends 0 … count-1, then completes. */
    public static CountingPublisher upTo(int count) {
        return new CountingPublisher(count, -1, false, false);
    }

    /** As {@link #upTo}, sending within {@code request}, on the thread that requests: no thread of its own. */
    public static CountingPublisher synchronousUpTo(int count) {
        return new CountingPublisher(count, -1, false, true);
    }

    /** As {@link #failingAfter}, sending within {@code request}, on the thread that requests. */
    public static CountingPublisher synchronousFailingAfter(int n) {
        return new CountingPublisher(Integer.MAX_VALUE, n, false, true);
    }

    /** Sends 0 … n-1, then fails with {@code IllegalStateException("boom after n")}. */
    public static CountingPublisher failingAfter(int n) {
        return new CountingPublisher(Integer.MAX_VALUE, n, false, false);
    }

    /** Answers the first request with one element more than it asked for. */
    public static CountingPublisher overflowing(int count) {
        return new CountingPublisher(count, -1, true, false);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Integer> subscriber) {
        send(() -> subscriber.onSubscribe(new Flow.Subscription() {
            private int next;
            private boolean done;

            @Override
            public void request(long n) {
                requests.add(n);
                requested.addAndGet(n);
                send(() -> {
                    long toSend = overflow && next == 0 ? n + 1 : n;
                    for (long i = 0; i < toSend && !done && !cancelled; i++) {
                        if (next == failAfter) {
                            done = true;
                            subscriber.onError(new IllegalStateException("boom after " + failAfter));
                            return;
                        }
                        if (next == count) {
                            done = true;
                            subscriber.onComplete();
                            return;
                        }
                        sent.incrementAndGet();
                        subscriber.onNext(next++);
                    }
                    if (next == count && !done && !cancelled) {
                        done = true;
                        subscriber.onComplete();
                    }
                });
            }

            @Override
            public void cancel() {
                cancelled = true;
            }
        }));
    }

    private void send(Runnable signals) {
        if (synchronous) {
            signals.run();
        } else {
            sender.execute(signals);
        }
    }

    @HostAccess.Export
    public List<Long> requests() {
        return List.copyOf(requests);
    }

    @HostAccess.Export
    public long requested() {
        return requested.get();
    }

    @HostAccess.Export
    public long sent() {
        return sent.get();
    }

    @HostAccess.Export
    public boolean cancelled() {
        return cancelled;
    }
}
