package io.github.asyncgraalpy.bridge.internal;

import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;

/**
 * A loop event that only asks the loop to answer: it is applied once the loop's thread next goes through its inbox,
 * which a loop blocked in Python code never does. Not for user code.
 */
public final class LoopPing {

    private final CompletableFuture<Void> answered = new CompletableFuture<>();

    /** Completes when the loop applied the ping; fails if the loop closed first. */
    public CompletableFuture<Void> answered() {
        return answered;
    }

    @HostAccess.Export
    public void answer() {
        answered.complete(null);
    }

    @HostAccess.Export
    public void dropped() {
        answered.completeExceptionally(new IllegalStateException("the asyncio loop closed before it answered"));
    }
}
