package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watchdog of an {@link AsyncioLoopPool}: judges every loop by its progress, every {@code responseLimit / 4}, and
 * replaces a context that stalled, whose thread ended, or whose rebuilding failed. Replacing takes back what the dead
 * context's Python never took (it goes on elsewhere, or in the replacement), fails what it took, and moves the rest.
 * Replacing runs on threads of their own: cancelling a context waits for a thread held in a Java call to come back,
 * and the other contexts are watched meanwhile.
 */
final class PoolSupervisor {

    private final List<PoolSlot> slots;
    private final Duration responseLimit;
    private final PoolSubmissions submissions;
    private final PoolStarter starter;
    private final OutputStream err;
    private final Set<Thread> replacers = ConcurrentHashMap.newKeySet();
    /** Guards {@link #closing} against a replacement finishing at the same time. */
    private final Object lifecycle = new Object();
    /** Set by {@link #stop()}: the watchdog stops and no context is rebuilt. */
    private volatile boolean closing;
    private volatile Thread watchdog;

    PoolSupervisor(List<PoolSlot> slots, Duration responseLimit, PoolSubmissions submissions, PoolStarter starter,
            OutputStream err) {
        this.slots = slots;
        this.responseLimit = responseLimit;
        this.submissions = submissions;
        this.starter = starter;
        this.err = err;
    }

    /** Starts watching; once every slot has its first context. */
    void start() {
        Thread thread = new Thread(this::watch, "asyncio loop pool watchdog");
        thread.setDaemon(true);
        watchdog = thread;
        thread.start();
    }

    /** No context is rebuilt from now on, and the watchdog has ended (waiting for it up to {@code wait}). */
    void stop(Duration wait) {
        synchronized (lifecycle) {
            closing = true;
        }
        Thread thread = watchdog;
        if (thread != null) {
            thread.interrupt();
            PoolThreads.join(thread, wait);
        }
    }

    /** Waits up to {@code wait} for each context being replaced. */
    void awaitReplacements(Duration wait) {
        List.copyOf(replacers).forEach(thread -> PoolThreads.join(thread, wait));
    }

    private void watch() {
        long period = Math.max(1, responseLimit.toMillis() / 4);
        while (!closing) {
            for (PoolSlot slot : slots) {
                if (closing) {
                    return;
                }
                if (slot.replacing) {
                    continue;
                }
                CompletableFuture<PoolContext> current = slot.current;
                if (current.isCompletedExceptionally()) {
                    replaceAside(slot, null, null);
                    continue;
                }
                PoolContext running = slot.live();
                String why = running == null ? null : stalled(running, System.nanoTime(), responseLimit);
                if (why != null) {
                    replaceAside(slot, running, why);
                }
            }
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Why {@code running} must be replaced, or null. Not the answer to a question queued behind the work (a busy loop
     * answers late however healthy it is), but the work itself: a loop parked in its select waits, and is well; one
     * that ends iterations, or starts or finishes submissions, makes progress, however much is queued. Replaced are a
     * loop that has done neither for {@code limit} (Python that never yields, a call that blocks its thread), one that
     * has started none of the submissions handed to it for {@code limit} (a script broke what starts them: its
     * iterations alone prove nothing), and one whose thread ended. From the watchdog's thread only.
     */
    static String stalled(PoolContext running, long now, Duration limit) {
        AsyncioLoopThread loop = running.loop;
        if (!loop.isRunning()) {
            return "its loop thread ended (" + loop.failure().map(Throwable::toString).orElse("no failure recorded") + ")";
        }
        JavaSelector selector = loop.selector();
        long iterations = selector.selects();
        if (iterations != running.iterationsSeen) {
            running.iterationsSeen = iterations;
            running.iterationsMoved = now;
        }
        long limitNanos = limit.toNanos();
        long progress = running.lastProgress;
        if (!selector.isParked() && now - Math.max(running.iterationsMoved, progress) > limitNanos) {
            return "its loop made no progress for " + limit.toMillis() + " ms: it neither waited nor ended an iteration"
                    + " nor started or finished a submission (Python code that never yields to the loop, or a call"
                    + " that blocks its thread)";
        }
        int unstarted = running.unstarted.get();
        // A loop that has ended no iteration since the work was handed is stuck in the one it was in (the check above
        // names that, once the watchdog has seen its last iteration, up to a period late); one that iterates or waits
        // and starts nothing refuses work.
        boolean iteratedSince = selector.isParked() || iterations != running.unstartedIterations;
        if (unstarted > 0 && iteratedSince && now - Math.max(running.unstartedSince, progress) > limitNanos) {
            return "its loop started none of the " + unstarted + " submissions handed to it for "
                    + limit.toMillis() + " ms (it takes no more work: a script may have broken what starts them)";
        }
        return null;
    }

    /**
     * Puts a new context in the slot of {@code dead} (null: one whose rebuilding failed): submissions its Python took
     * fail with {@code why}; those it never took, and those waiting for it, go on (unkeyed ones in another context, if
     * one runs); the dead context is cancelled aside, and the new one is built aside, within the setup limit.
     */
    private void replaceAside(PoolSlot slot, PoolContext dead, String why) {
        slot.replacing = true;
        CompletableFuture<PoolContext> replacement = new CompletableFuture<>();
        synchronized (slot) {
            slot.current = replacement; // new work for this slot waits for the replacement
            if (dead != null) {
                dead.retired = true; // nothing more is handed to it
            }
        }
        // The rest on a thread of its own: failing futures runs their callbacks, which must not hold up the watchdog.
        PoolThreads.startDaemon("replacing context #" + slot.index, () -> {
            try {
                if (dead != null) {
                    takeBack(slot, dead, new IllegalStateException("the pooled context #" + slot.index + " was replaced: "
                            + why + "; this submission did not finish"));
                    starter.aside("cancelling the replaced context #" + slot.index, dead::dispose);
                }
                moveUnkeyed(slot);
                rebuild(slot, replacement);
            } finally {
                slot.replacing = false;
            }
        }, replacers);
    }

    /**
     * What was handed to {@code dead}: still in its inbox (its Python never saw it), it waits again at the head of the
     * slot, oldest first; taken by its Python, it fails with {@code why} (it may have run), before cancelling the context
     * would fail it with less to go on.
     */
    private static void takeBack(PoolSlot slot, PoolContext dead, IllegalStateException why) {
        List<PoolPosting> handed = new ArrayList<>(dead.handed);
        handed.sort(Comparator.comparingLong(posting -> posting.work.sequence));
        List<PoolWork<?>> again = new ArrayList<>();
        for (PoolPosting posting : handed) {
            PoolWork<?> work = posting.work;
            if (!posting.counted.get() && dead.loop.selector().withdraw(posting.submission)) {
                work.posting = null; // its task's future, cancelled when the loop closes, is no longer its outcome
                again.add(work);
            } else {
                work.result.completeExceptionally(why);
            }
        }
        synchronized (slot) {
            for (int i = again.size() - 1; i >= 0; i--) {
                slot.waiting.addFirst(again.get(i));
            }
        }
    }

    /** Work not keyed to the slot, waiting for it while it is replaced, goes to a context that runs, if there is one. */
    private void moveUnkeyed(PoolSlot slot) {
        List<PoolWork<?>> unkeyed = new ArrayList<>();
        PoolSlot elsewhere = submissions.leastLoaded(slot);
        if (elsewhere == slot || elsewhere.live() == null) {
            return; // none runs: it waits for the replacement
        }
        synchronized (slot) {
            for (Iterator<PoolWork<?>> it = slot.waiting.iterator(); it.hasNext(); ) {
                PoolWork<?> work = it.next();
                if (!work.keyed) {
                    it.remove();
                    unkeyed.add(work);
                }
            }
        }
        for (PoolWork<?> work : unkeyed) {
            submissions.place(work, submissions.leastLoaded(slot));
        }
    }

    private void rebuild(PoolSlot slot, CompletableFuture<PoolContext> replacement) {
        PoolContext started;
        try {
            started = closing ? null : starter.start(slot);
        } catch (RuntimeException e) {
            if (!closing) {
                err("asyncio loop pool: rebuilding context #" + slot.index + " failed, trying again: " + e + "\n");
            }
            replacement.completeExceptionally(e);
            notRebuilt(slot, e);
            return;
        }
        boolean handedOut = false;
        synchronized (lifecycle) {
            if (!closing) {
                replacement.complete(started);
                slot.replacements++;
                handedOut = true;
            }
        }
        if (handedOut) {
            submissions.pump(slot); // what waited for it
            return;
        }
        // closeNow() came first: it cancels what waited for this context, and the context is not handed out.
        IllegalStateException closed = new IllegalStateException("the pool is closing");
        replacement.completeExceptionally(closed);
        notRebuilt(slot, closed);
        if (started != null) {
            // A healthy context, its loop parked in its select: closed as any, not cancelled. Cancelling waits for
            // every thread to leave the context, and the parked loop thread does not before its next timer, so
            // closeNow(), which joins this thread, waited a minute.
            try {
                started.close();
            } catch (RuntimeException didNotClose) {
                started.dispose();
            }
        }
    }

    /**
     * The slot's context could not be rebuilt (the watchdog tries again): what waits for it goes to another context
     * if it may and one runs, or fails, saying why; while the pool closes, it ends cancelled, as closeNow() says.
     */
    private void notRebuilt(PoolSlot slot, Throwable cause) {
        List<PoolWork<?>> waiting;
        synchronized (slot) {
            waiting = new ArrayList<>(slot.waiting);
            slot.waiting.clear();
        }
        for (PoolWork<?> work : waiting) {
            PoolSlot elsewhere = work.keyed || closing ? null : submissions.leastLoaded(slot);
            if (elsewhere != null && elsewhere != slot && elsewhere.live() != null) {
                submissions.place(work, elsewhere);
            } else if (closing) {
                work.result.cancel(false);
            } else {
                work.result.completeExceptionally(new IllegalStateException("the pooled context #" + slot.index
                        + " could not be rebuilt (" + cause + "); this submission was not started", cause));
            }
        }
    }

    private void err(String text) {
        try {
            err.write(text.getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException ignored) {
            // nowhere else to say it
        }
    }
}
