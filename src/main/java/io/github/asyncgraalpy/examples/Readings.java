package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.OwnedResources;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.HostAccess;

/**
 * The readings 0, 1, 2, … up to {@code count}, published from a Java thread of their own as a subscriber requests
 * them: a {@link Flow.Publisher} that Python reads with {@code async for}. It counts what was requested, and stops
 * (its thread ends) when the subscriber cancels or the readings run out. One subscriber; the thread is owned by the
 * context whose Python made it, so it ends with that context too.
 */
public final class Readings implements Flow.Publisher<Integer> {

    private final int count;
    private final AtomicLong requested = new AtomicLong();
    private volatile boolean stopped;

    @HostAccess.Export
    public Readings(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, was " + count);
        }
        this.count = count;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Integer> subscriber) {
        ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "readings");
            thread.setDaemon(true);
            return thread;
        });
        OwnedResources.Ownership ownership = PythonContext.calling()
                .map(python -> python.owned().own("Readings(" + count + ")", 1, sender::shutdownNow))
                .orElse(null);
        Runnable stop = () -> {
            stopped = true;
            sender.shutdown();
            if (ownership != null) {
                ownership.release();
            }
        };
        subscriber.onSubscribe(new Flow.Subscription() {
            private int next; // only the sender thread touches it

            @Override
            public void request(long n) {
                if (stopped) {
                    return; // rule 3.6: after the end, a request does nothing
                }
                requested.addAndGet(n);
                try {
                    sender.execute(() -> {
                    for (long i = 0; i < n && next < count && !stopped; i++) {
                        subscriber.onNext(next++);
                    }
                    if (next == count && !stopped) {
                        stop.run();
                        subscriber.onComplete();
                    }
                    });
                } catch (RejectedExecutionException stoppedMeanwhile) {
                    // the readings ran out or the subscriber cancelled on another thread: nothing more to send
                }
            }

            @Override
            public void cancel() {
                stop.run();
            }
        });
    }

    /** How many readings were requested so far. */
    @HostAccess.Export
    public long requested() {
        return requested.get();
    }

    /** True once the subscriber cancelled or every reading was sent. */
    @HostAccess.Export
    public boolean stopped() {
        return stopped;
    }
}
