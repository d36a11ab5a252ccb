package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A place in an {@link AsyncioLoopPool}: the context in it now, the submissions waiting for it and its counts. */
final class PoolSlot {
    final int index;
    /** The runtime its contexts come from: an engine of its own, or the pool's runtime (see the builder). */
    final GraalPyRuntime runtime;
    volatile CompletableFuture<PoolContext> current;
    /** Submissions not handed to a loop yet, oldest first. Guarded by this. */
    final ArrayDeque<PoolWork<?>> waiting = new ArrayDeque<>();
    /** Submissions counted here that have not ended: waiting, handed or running. */
    final Set<PoolWork<?>> unfinished = ConcurrentHashMap.newKeySet();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    volatile int replacements;
    volatile boolean replacing;

    PoolSlot(int index, GraalPyRuntime runtime) {
        this.index = index;
        this.runtime = runtime;
    }

    /** The context running in this slot now; null while one is being built, or when building it failed. */
    PoolContext live() {
        CompletableFuture<PoolContext> now = current;
        return now != null && now.isDone() && !now.isCompletedExceptionally() ? now.join() : null;
    }

    /** Lower is better: unfinished submissions, and a slot whose context does not run only when none runs. */
    long rank() {
        return (live() != null && !replacing ? 0 : 1L << 32) + unfinished.size();
    }

    AsyncioLoopPool.LoopStatistics statistics() {
        int all = unfinished.size();
        PoolContext now = live();
        int running = now == null ? 0 : Math.min(all, now.loop.runningCount());
        return new AsyncioLoopPool.LoopStatistics(index, all - running, running, completed.get(), failed.get(), replacements);
    }
}
