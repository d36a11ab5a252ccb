package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.bridge.internal.PlainJavaCopies;
import io.github.asyncgraalpy.bridge.internal.Submission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.graalvm.polyglot.Value;

/**
 * How an {@link AsyncioLoopPool} takes work: it places each submission in a slot (the least loaded, or the one its key
 * picks), hands the slot's loop what it can take, at most {@link AsyncioLoopPool#HANDED_UNSTARTED} not started, and
 * completes the submission's future with its result as a plain Java value.
 */
final class PoolSubmissions {

    private final List<PoolSlot> slots;
    private final AtomicLong sequence = new AtomicLong();
    /** Set by both closes: no submission is taken any more (a draining close still rebuilds and finishes what it has). */
    private volatile boolean refusing;

    PoolSubmissions(List<PoolSlot> slots) {
        this.slots = slots;
    }

    /** From now on every submission is refused. */
    void refuse() {
        refusing = true;
    }

    boolean refusing() {
        return refusing;
    }

    /**
     * The slot with the fewest unfinished submissions among those whose context runs, or, when none runs (all being
     * replaced), among all; {@code except} only if it is the only one.
     */
    PoolSlot leastLoaded(PoolSlot except) {
        PoolSlot best = null;
        for (PoolSlot slot : slots) {
            if (slot != except && (best == null || slot.rank() < best.rank())) {
                best = slot;
            }
        }
        return best == null ? except : best;
    }

    /** A submission to {@code keyedTo}, or (null) to the least loaded slot. */
    <T> CompletableFuture<T> submit(PoolSlot keyedTo, Class<T> resultType, String function, Object[] arguments) {
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(arguments, "arguments (an Object[] of null: for one None argument pass (Object) null)");
        if (refusing) {
            throw new IllegalStateException("this AsyncioLoopPool is closed: submit before close()");
        }
        PoolWork<T> work = new PoolWork<>(sequence.incrementAndGet(), keyedTo != null, resultType, function,
                Arrays.asList(arguments.clone()));
        work.result.whenComplete((ok, failure) -> {
            work.ended(failure == null);
            PoolPosting posting = work.posting;
            if (work.result.isCancelled() && posting != null) {
                posting.task.cancel(false);
            }
        });
        place(work, keyedTo != null ? keyedTo : leastLoaded(null));
        return work.result;
    }

    /** Queues {@code work} in {@code slot} and hands what the slot's loop can take; fails it if the slot cannot be rebuilt. */
    void place(PoolWork<?> work, PoolSlot slot) {
        work.moveTo(slot);
        Throwable notRebuilt = null;
        synchronized (slot) {
            CompletableFuture<PoolContext> current = slot.current;
            if (current.isCompletedExceptionally()) {
                notRebuilt = current.handle((ok, failure) -> failure).join();
            } else {
                slot.waiting.add(work);
            }
        }
        if (notRebuilt != null) {
            work.result.completeExceptionally(new IllegalStateException("the pooled context #" + slot.index
                    + " could not be rebuilt (" + notRebuilt + "); this submission was not started", notRebuilt));
            return;
        }
        pump(slot);
    }

    /**
     * Hands the slot's loop what waits for it, oldest first, while it has fewer than {@link
     * AsyncioLoopPool#HANDED_UNSTARTED} submissions not started. From any thread: a submitting one, or the loop's own as
     * it starts one. No future is completed under the slot's lock: nothing foreign runs under it.
     */
    void pump(PoolSlot slot) {
        PoolContext running = slot.live();
        if (running == null) {
            return;
        }
        List<PoolPosting> handed = null;
        synchronized (slot) {
            if (running.retired || !running.loop.isRunning()) {
                return; // being replaced, or about to be: the supervisor moves what waits
            }
            while (running.unstarted.get() < AsyncioLoopPool.HANDED_UNSTARTED) {
                PoolWork<?> work = slot.waiting.poll();
                if (work == null) {
                    break;
                }
                if (work.result.isDone()) {
                    continue; // cancelled while it waited
                }
                if (handed == null) {
                    handed = new ArrayList<>();
                }
                handed.add(hand(running, work));
            }
        }
        if (handed != null) {
            for (PoolPosting posting : handed) {
                if (posting.work.result.isDone()) {
                    posting.task.cancel(false); // cancelled while it was handed
                }
            }
        }
    }

    /** Posts {@code work} to the loop of {@code running}; under the slot's lock, so in order. */
    private PoolPosting hand(PoolContext running, PoolWork<?> work) {
        CompletableFuture<Value> task = new CompletableFuture<>();
        PoolPosting posting = new PoolPosting(work, running, task);
        Submission<Value> submission = Submission.ofCall(running.namespace, work.function, work.arguments, Function.identity(),
                task, () -> started(posting));
        posting.submission = submission;
        work.posting = posting;
        running.handed.add(posting);
        if (running.unstarted.getAndIncrement() == 0) {
            running.unstartedIterations = running.loop.selector().selects();
            running.unstartedSince = System.nanoTime();
        }
        // Converted on the loop's thread as the task completes there, while its context lives. Only a loop that
        // refuses the post completes it here, under the slot's lock: that outcome is settled after it.
        task.whenComplete((value, failure) -> {
            if (Thread.holdsLock(running.slot)) {
                ForkJoinPool.commonPool().execute(() -> settle(posting, value, failure));
            } else {
                settle(posting, value, failure);
            }
        });
        try {
            running.loop.submitCall(submission);
        } catch (IllegalStateException loopClosed) {
            task.completeExceptionally(new IllegalStateException("the pooled context #" + running.slot.index
                    + " has closed; this submission was not started", loopClosed));
        }
        return posting;
    }

    /** The loop's thread started the task of {@code posting}: progress, and room for one more. */
    private void started(PoolPosting posting) {
        PoolContext running = posting.running;
        running.lastProgress = System.nanoTime();
        if (posting.counted.compareAndSet(false, true)) {
            running.unstarted.decrementAndGet();
            pump(running.slot);
        }
    }

    private void settle(PoolPosting posting, Value value, Throwable failure) {
        PoolContext running = posting.running;
        running.handed.remove(posting);
        running.lastProgress = System.nanoTime();
        boolean neverStarted = posting.counted.compareAndSet(false, true);
        if (neverStarted) {
            running.unstarted.decrementAndGet();
        }
        PoolWork<?> work = posting.work;
        if (work.posting == posting) { // else taken back from a replaced loop, and handed again or failed
            complete(work, running, value, failure);
        }
        if (neverStarted) {
            pump(running.slot);
        }
    }

    private static <T> void complete(PoolWork<T> work, PoolContext running, Value value, Throwable failure) {
        CompletableFuture<T> result = work.result;
        if (failure != null) {
            Throwable died = running.loop.failure().orElse(null);
            result.completeExceptionally(died == null ? failure : new IllegalStateException("the pooled context #"
                    + running.slot.index + " died (" + died + "); this submission did not finish", died));
            return;
        }
        try {
            result.complete(PlainJavaCopies.detached(value, work.resultType));
        } catch (RuntimeException notConvertible) {
            result.completeExceptionally(notConvertible);
        } catch (StackOverflowError tooDeep) {
            // A Value.as of a type that nests (an array of arrays), the loop's stack already deep: the result fails,
            // not the loop.
            result.completeExceptionally(new IllegalArgumentException("the result nests too deep to convert to a "
                    + work.resultType.getSimpleName(), tooDeep));
        }
    }
}
