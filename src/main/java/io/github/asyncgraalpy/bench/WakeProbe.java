package io.github.asyncgraalpy.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.graalvm.polyglot.HostAccess;

/**
 * Case 4's wake-up latency: a Java thread completes a future while the awaiting task is parked, with the
 * {@link System#nanoTime()} of the completion as its value; the task, once running, subtracts it from
 * {@link #nanoTime()}.
 */
public final class WakeProbe implements AutoCloseable {

    /** Long enough for the awaiting task to be parked in the loop's select before the future completes. */
    static final long DELAY_NANOS = 200_000;

    private final ExecutorService completer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "wake-probe-completer");
        thread.setDaemon(true);
        return thread;
    });

    /** A future that a Java thread completes {@value #DELAY_NANOS} ns from now with the nanoTime of its completion. */
    @HostAccess.Export
    public CompletableFuture<Long> completeSoon() {
        CompletableFuture<Long> future = new CompletableFuture<>();
        completer.execute(() -> {
            LockSupport.parkNanos(DELAY_NANOS);
            future.complete(System.nanoTime());
        });
        return future;
    }

    /** The clock both the Java case and the Python baseline read on GraalPy. */
    @HostAccess.Export
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void close() throws InterruptedException {
        completer.shutdownNow();
        completer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
