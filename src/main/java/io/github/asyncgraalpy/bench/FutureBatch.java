package io.github.asyncgraalpy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.HostAccess;

/**
 * Case 4's Java side: a batch of {@link CompletableFuture}s that Python awaits, completed by Java threads, as
 * {@code call_soon_threadsafe_gather} completes asyncio futures from Python threads.
 */
public final class FutureBatch implements AutoCloseable {

    /** Far above a batch's milliseconds: a completer stuck this long is a bug, not a slow round. */
    private static final long COMPLETION_TIMEOUT_SECONDS = 60;

    private final int threads;
    private final ExecutorService completers;
    private List<CompletableFuture<Integer>> futures = List.of();

    FutureBatch(int threads) {
        this.threads = threads;
        this.completers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "future-batch-completer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** {@code n} new incomplete futures; {@link #completeAll()} completes them. */
    @HostAccess.Export
    public List<CompletableFuture<Integer>> create(int n) {
        List<CompletableFuture<Integer>> created = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            created.add(new CompletableFuture<>());
        }
        futures = created;
        return created;
    }

    /**
     * Completes the last batch on the completer threads, each taking every {@code threads}-th future, and returns when
     * they are done: the loop takes the outcomes afterwards, as {@code call_soon_threadsafe_gather} takes its futures
     * after its Python threads have finished.
     */
    @HostAccess.Export
    public void completeAll() throws InterruptedException, ExecutionException, TimeoutException {
        List<CompletableFuture<Integer>> batch = futures;
        List<Future<?>> completing = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int first = t;
            completing.add(completers.submit(() -> {
                for (int i = first; i < batch.size(); i += threads) {
                    batch.get(i).complete(1);
                }
            }));
        }
        for (Future<?> done : completing) {
            done.get(COMPLETION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        completers.shutdownNow();
        completers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
