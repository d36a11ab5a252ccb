package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Value;

/**
 * What the Reactive Streams TCK verifications share: a context of the library's own runtime with an asyncio loop
 * thread, made before a verification class and closed after it; and, for the subscriber verifications, the subscriber
 * of a real {@code async for} loop.
 */
final class TckLoop implements AutoCloseable {

    final PythonContext python;
    final AsyncioLoopThread loop;
    private final Value drain;

    TckLoop() {
        python = GraalPyRuntime.shared().newContext();
        loop = AsyncioLoopThread.start(python);
        drain = python.runScript(String.join("\n",
                "async def drain(publisher):",
                "    async for _ in publisher:",
                "        pass"), "tck.py").getHashValue("drain");
    }

    /**
     * The subscriber an {@code async for} loop on {@link #loop} subscribes to a publisher with: the loop reads a
     * publisher that only hands over whoever subscribes, and the TCK then signals that subscriber directly.
     */
    @SuppressWarnings("unchecked")
    <T> Flow.Subscriber<T> asyncForSubscriber() {
        CompletableFuture<Flow.Subscriber<? super T>> subscribed = new CompletableFuture<>();
        Flow.Publisher<T> handOver = subscribed::complete;
        loop.submit(python.call(drain, handOver));
        try {
            return (Flow.Subscriber<T>) subscribed.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the async for loop did not subscribe", e);
        }
    }

    @Override
    public void close() {
        try {
            loop.close();
        } finally {
            python.close();
        }
    }
}
