package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.bridge.internal.Submission;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Value;

/** A submission of an {@link AsyncioLoopPool} handed to one context's loop: the Java half of the task there. */
final class PoolPosting {
    final PoolWork<?> work;
    final PoolContext running;
    final CompletableFuture<Value> task;
    Submission<Value> submission;
    /** Counted out of {@link PoolContext#unstarted}: it started, or ended first. */
    final AtomicBoolean counted = new AtomicBoolean();

    PoolPosting(PoolWork<?> work, PoolContext running, CompletableFuture<Value> task) {
        this.work = work;
        this.running = running;
        this.task = task;
    }
}
