package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.bridge.AsyncQueue;
import io.github.asyncgraalpy.coroutine.PyAsyncSource;
import io.github.asyncgraalpy.runtime.OwnedResources;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.HostAccess;

/**
 * {@code range(count)} produced by {@code producers} Java threads (producer {@code p} makes {@code p},
 * {@code p + producers}, …) into an {@link AsyncQueue}: Python consumes it with {@code async for}, while the threads
 * are still producing.
 *
 * <p>What a script can start through it is bounded: at most {@link #MAX_PRODUCERS} threads each, within the
 * context's {@link OwnedResources#MAX_THREADS}, and at most {@link #BUFFERED} elements waiting for the consumer (a
 * producer waits for room). The threads end when the context that constructed it closes, consumed or not.
 */
public final class JavaProducers implements PyAsyncSource, AutoCloseable {

    /** Producer threads one instance may start. */
    public static final int MAX_PRODUCERS = 16;

    /** Elements produced and not consumed yet, at most. */
    public static final int BUFFERED = 1024;

    private final AsyncQueue<Integer> queue = new AsyncQueue<>(BUFFERED);
    private final List<Thread> threads = new ArrayList<>();

    @HostAccess.Export
    public JavaProducers(int count, int producers) {
        if (count < 0 || producers < 1 || producers > MAX_PRODUCERS) {
            throw new IllegalArgumentException("count must be 0 or more and producers 1 to " + MAX_PRODUCERS + ", were "
                    + count + ", " + producers);
        }
        // Registered before any thread starts: past the context's limit, nothing has started.
        OwnedResources.Ownership ownership = PythonContext.calling()
                .map(python -> python.owned().own("JavaProducers(" + count + ", " + producers + ")", producers, this))
                .orElse(null);
        AtomicInteger running = new AtomicInteger(producers);
        for (int first = 0; first < producers; first++) {
            int start = first;
            Thread producer = new Thread(() -> {
                try {
                    for (int item = start; item < count; item += producers) {
                        queue.put(item);
                    }
                } catch (InterruptedException | IllegalStateException stopped) {
                    // close(): the context closed, or the queue was finished; nothing more is wanted
                } finally {
                    if (running.decrementAndGet() == 0) {
                        queue.finish();
                        if (ownership != null) {
                            ownership.release();
                        }
                    }
                }
            }, "producer-" + first);
            producer.setDaemon(true);
            threads.add(producer);
        }
        threads.forEach(Thread::start);
    }

    /** Stops the producers: the iteration ends after what was produced so far. Idempotent. */
    @Override
    public void close() {
        queue.finish();
        threads.forEach(Thread::interrupt);
    }

    @HostAccess.Export
    @Override
    public CompletableFuture<Object> nextElement() {
        return queue.nextElement();
    }

    @HostAccess.Export
    @Override
    public Object elementIfReady() {
        return queue.elementIfReady();
    }

    @HostAccess.Export
    @Override
    public boolean isEnd(Object element) {
        return queue.isEnd(element);
    }
}
