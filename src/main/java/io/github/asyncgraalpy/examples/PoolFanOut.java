package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.bridge.AsyncioLoopPool;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * Twin of {@code py-scripts/pool_fan_out.py}: the script's scenario with its parts handed to an
 * {@link AsyncioLoopPool} of two contexts, each running the script's {@code count_primes_async} on a loop of its own.
 */
public final class PoolFanOut implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        try (AsyncioLoopPool pool = AsyncioLoopPool.builder(ExampleRuntime.shared()).contexts(2).setup(script.source()).build()) {
            script.runWith(python, python.context().asValue(new Parts(pool)).getMember("fanOut"));
        }
    }

    /** {@code fan_out(parts)} for the script: one pool submission per part, a Java future of all their counts. */
    public static final class Parts {
        private final AsyncioLoopPool pool;

        Parts(AsyncioLoopPool pool) {
            this.pool = pool;
        }

        @HostAccess.Export
        public CompletableFuture<List<Integer>> fanOut(Value parts) {
            List<CompletableFuture<Integer>> counts = new ArrayList<>();
            for (long i = 0; i < parts.getArraySize(); i++) {
                Value part = parts.getArrayElement(i);
                counts.add(pool.submit(Integer.class, "count_primes_async", part.getArrayElement(0).asInt(), part.getArrayElement(1).asInt()));
            }
            return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
                    .thenApply(done -> counts.stream().map(CompletableFuture::join).toList());
        }
    }
}
