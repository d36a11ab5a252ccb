package io.github.asyncgraalpy.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.HostAccess;

/**
 * A Java future that completes with {@code result} after {@code seconds}, on a Java scheduler thread: the Java twin of
 * {@code asyncio.sleep(seconds, result)}. Python awaits it as it is (every CompletableFuture is awaitable); cancelling
 * the awaiting task cancels it, and the scheduled completion with it.
 */
public final class JavaSleep extends CompletableFuture<Object> {

    /** One daemon thread for all sleeps: it never keeps the JVM alive. */
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "JavaSleep scheduler");
        thread.setDaemon(true);
        return thread;
    });

    private final ScheduledFuture<?> wakeUp;

    @HostAccess.Export
    public JavaSleep(double seconds, Object result) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("seconds must be 0 or more, was " + seconds);
        }
        this.wakeUp = SCHEDULER.schedule(() -> complete(result), (long) (seconds * 1e9), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        wakeUp.cancel(false);
        return super.cancel(mayInterruptIfRunning);
    }

    /** True once cancelled, from Python or from Java. */
    @HostAccess.Export
    public boolean cancelled() {
        return isCancelled();
    }
}
