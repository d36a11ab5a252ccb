/**
 * Java futures and asyncio, both ways: any {@link java.util.concurrent.CompletionStage} is awaitable in Python (with
 * cancellation both ways), {@link io.github.asyncgraalpy.bridge.AsyncioLoopThread} turns Python coroutines into
 * {@link java.util.concurrent.CompletableFuture}s, and {@link io.github.asyncgraalpy.bridge.AsyncQueue} /
 * {@link io.github.asyncgraalpy.coroutine.PyAsyncSource} feed {@code async for} from Java threads.
 */
package io.github.asyncgraalpy.bridge;
