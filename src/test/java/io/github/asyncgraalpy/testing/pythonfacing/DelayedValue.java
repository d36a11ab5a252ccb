package io.github.asyncgraalpy.testing.pythonfacing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.HostAccess;

/**
 * A {@link CompletableFuture} that a JDK thread completes with {@code value} after {@code seconds}: what Python awaits
 * through every asyncio entry point in the futures tests (every CompletableFuture is awaitable as it is).
 */
public final class DelayedValue extends CompletableFuture<Object> {

    @HostAccess.Export
    public DelayedValue(double seconds, Object value) {
        completeAsync(() -> value, CompletableFuture.delayedExecutor((long) (seconds * 1_000_000), TimeUnit.MICROSECONDS));
    }
}
