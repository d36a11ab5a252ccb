package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.runtime.PythonContext;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Value;

/**
 * Makes and unmakes the contexts of an {@link AsyncioLoopPool}: a new context runs the setup script and starts its
 * loop within the setup limit; one given up on is cancelled aside, on a thread of its own.
 */
final class PoolStarter {

    private final String setupScript;
    private final Duration setupLimit;
    private final OutputStream out;
    private final OutputStream err;
    /** Threads cancelling contexts given up on: closing waits for them before it closes their engines. */
    private final Set<Thread> disposers = ConcurrentHashMap.newKeySet();

    PoolStarter(String setupScript, Duration setupLimit, OutputStream out, OutputStream err) {
        this.setupScript = setupScript;
        this.setupLimit = setupLimit;
        this.out = out;
        this.err = err;
    }

    /**
     * Makes a context for {@code slot}: a new context, the setup script, its loop started. On a thread of its own, and
     * bounded by the setup limit: a setup script that never ends (or waits in a Java call) fails the start, and what was
     * made is cancelled, instead of holding {@code build()} or a replacement for ever.
     */
    PoolContext start(PoolSlot slot) {
        Starting starting = new Starting(slot);
        Thread starter = PoolThreads.startDaemon("starting context #" + slot.index, starting, null);
        try {
            return starting.result.get(setupLimit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            starting.abandon();
            throw new IllegalStateException("the pooled context #" + slot.index + " did not start within the setup limit of "
                    + setupLimit.toMillis() + " ms (a setup script that never ends, or waits in a Java call?); what was made"
                    + " of it is cancelled");
        } catch (InterruptedException interrupted) {
            starting.abandon();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the pooled context #" + slot.index, interrupted);
        } catch (ExecutionException failed) {
            PoolThreads.join(starter, Duration.ofSeconds(5)); // it is ending: no thread of the failed start outlives the failure
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (failed.getCause() instanceof Error cause) {
                throw cause;
            }
            throw new IllegalStateException("starting the pooled context #" + slot.index + " failed", failed.getCause());
        }
    }

    /**
     * Ends a context given up on, on a daemon thread of its own: cancelling waits for a thread held in a Java call to
     * come back, and nothing else waits for that (closeNow() only when it then closes the contexts' engines).
     */
    void aside(String what, Runnable disposal) {
        PoolThreads.startDaemon(what, disposal, disposers);
    }

    /** Waits up to {@code wait} for each context being cancelled aside: their engines may close after that. */
    void awaitDisposals(Duration wait) {
        List.copyOf(disposers).forEach(thread -> PoolThreads.join(thread, wait));
    }

    /** One context being made, on its own thread; {@link #abandon()}: it took too long, and is cancelled. */
    private final class Starting implements Runnable {
        private final PoolSlot slot;
        final CompletableFuture<PoolContext> result = new CompletableFuture<>();
        private PythonContext python; // guarded by this
        private boolean abandoned; // guarded by this

        Starting(PoolSlot slot) {
            this.slot = slot;
        }

        @Override
        public void run() {
            PythonContext made = null;
            try {
                made = slot.runtime.newContext(out, err);
                synchronized (this) {
                    if (abandoned) {
                        made.cancelQuietly();
                        return;
                    }
                    python = made;
                }
                Value namespace = made.loadModule(setupScript, "<pool setup>", "asyncio_loop_pool_setup");
                AsyncioLoopThread loop = AsyncioLoopThread.start(made, "asyncio loop pool #" + slot.index);
                result.complete(new PoolContext(slot, made, namespace, loop)); // closed by abandon() if it came first
            } catch (RuntimeException | Error e) {
                if (made != null) {
                    made.cancelQuietly();
                }
                result.completeExceptionally(e);
            }
        }

        /**
         * Cancels what was made, on a thread of its own: cancelling waits for a thread held in a Java call to come back.
         * A start that still finishes has its context closed at once.
         */
        void abandon() {
            PythonContext toCancel;
            synchronized (this) {
                abandoned = true;
                toCancel = python;
            }
            result.thenAccept(PoolContext::dispose);
            if (toCancel != null) {
                aside("cancelling the context #" + slot.index + " that did not start in time", toCancel::cancelQuietly);
            }
        }
    }
}
