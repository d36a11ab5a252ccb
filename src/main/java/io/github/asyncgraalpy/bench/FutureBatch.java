package io.github.asyncgraalpy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.HostAccess;

/**
 * Case 4's Java side: a batch of {@link CompletableFuture}s that Python awaits, completed by Java threads, as
 * {@code call_soon_threadsafe_gather} completes asyncio futures from Python threads.
 */
public final class FutureBatch implements AutoCloseable {

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

    /** Completes the last batch from the completer threads, each taking every {@code threads}-th future; returns at once. */
    @HostAccess.Export
    public void completeAll() {
        List<CompletableFuture<Integer>> batch = futures;
        for (int t = 0; t < threads; t++) {
            int first = t;
            completers.execute(() -> {
                for (int i = first; i < batch.size(); i += threads) {
                    batch.get(i).complete(1);
                }
            });
        }
    }

    @Override
    public void close() throws InterruptedException {
        completers.shutdownNow();
        completers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
