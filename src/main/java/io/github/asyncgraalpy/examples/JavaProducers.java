package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.bridge.AsyncQueue;
import io.github.asyncgraalpy.bridge.PyAsyncSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.HostAccess;

/**
 * {@code range(count)} produced by {@code producers} Java threads (producer {@code p} makes {@code p},
 * {@code p + producers}, …) into an {@link AsyncQueue}: Python consumes it with {@code async for}, while the threads
 * are still producing.
 */
public final class JavaProducers implements PyAsyncSource {

    private final AsyncQueue<Integer> queue = new AsyncQueue<>();

    @HostAccess.Export
    public JavaProducers(int count, int producers) {
        if (count < 0 || producers < 1) {
            throw new IllegalArgumentException("count must be 0 or more and producers 1 or more, were " + count + ", " + producers);
        }
        AtomicInteger running = new AtomicInteger(producers);
        for (int first = 0; first < producers; first++) {
            int start = first;
            Thread producer = new Thread(() -> {
                try {
                    for (int item = start; item < count; item += producers) {
                        queue.put(item);
                    }
                } finally {
                    if (running.decrementAndGet() == 0) {
                        queue.finish();
                    }
                }
            }, "producer-" + first);
            producer.setDaemon(true);
            producer.start();
        }
    }

    @HostAccess.Export
    @Override
    public CompletableFuture<Object> nextElement() {
        return queue.nextElement();
    }

    @HostAccess.Export
    @Override
    public boolean isEnd(Object element) {
        return queue.isEnd(element);
    }
}
