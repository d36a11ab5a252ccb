package io.github.asyncgraalpy.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.graalvm.polyglot.HostAccess;

/**
 * A Java service whose answers are futures computed on a Java thread pool: what a Java team hands to Python to await,
 * without blocking the event loop.
 */
public final class Squares {

    /** Four daemon threads, shared: they never keep the JVM alive. */
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "Squares pool");
        thread.setDaemon(true);
        return thread;
    });

    @HostAccess.Export
    public Squares() {}

    /** {@code i * i}, computed on the pool. */
    @HostAccess.Export
    public CompletableFuture<Object> square(int i) {
        return CompletableFuture.supplyAsync(() -> i * i, POOL);
    }
}
