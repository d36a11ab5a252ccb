package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.bridge.internal.Submission;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.graalvm.polyglot.Value;

/**
 * Asyncio loops in several contexts, one loop thread each: as many GILs as contexts, so Python work of different
 * submissions runs on as many cores. Every context runs the same setup script; {@link #submit} calls one of its
 * {@code async def}s in the least loaded context, or in the context a key picks, and returns a Java future of the
 * result.
 *
 * <ul>
 *   <li><b>Engines.</b> The contexts come from the pool's runtime, one engine, by default; {@code
 *       enginePerContext(true)} gives each an engine of its own ({@link GraalPyRuntime#sibling()}).
 *   <li><b>Isolation.</b> Contexts share nothing: what one submission leaves in its context's globals the next one
 *       there sees, the others do not. Key related work to keep it together.
 *   <li><b>A context that stops making progress is replaced.</b> A watchdog judges every loop by its work, every
 *       {@code responseLimit / 4}: a loop that neither waits nor ends an iteration nor starts or finishes a submission
 *       for {@code responseLimit} (Python code that never yields, a call that blocks the loop's thread), one that
 *       starts none of the submissions handed to it for that long (a script broke what starts them), and one whose
 *       thread ended have their context cancelled and rebuilt. A busy loop that keeps making progress is never
 *       replaced, however much is queued. Submissions its Python had taken fail with an {@link
 *       IllegalStateException} that says so; those it never took go on in another context (keyed ones in the
 *       replacement). None is silently lost or run twice.
 *   <li><b>Bounded.</b> A loop is handed at most {@value #HANDED_UNSTARTED} submissions it has not started; the rest
 *       wait in Java. Starting a context, the first time and as a replacement, takes at most the setup limit.
 *   <li><b>Results are Java values.</b> Each is converted on the loop's thread, while its context lives: with
 *       {@code Value.as(type)}, and for {@code Object}, {@code List} and {@code Map} into plain Java copies, element by
 *       element, as {@code Value.as} would give views that die with the context. One that contains itself, or nests
 *       deeper than {@value #MAX_RESULT_DEPTH} levels, fails its future with an {@link IllegalArgumentException}.
 *   <li><b>Close</b> drains: no new submission, those queued and running finish (up to the drain timeout), then
 *       every loop and context closes. {@link #closeNow()} cancels what is unfinished instead.
 * </ul>
 */
public final class AsyncioLoopPool implements AutoCloseable {

    /** What a service watches per context. */
    public record LoopStatistics(int index, int queued, int running, long completed, long failed, int replacements) {}

    /**
     * How many submissions a loop is handed that it has not started; the rest wait in Java and are handed as it starts
     * these. One iteration of a busy loop then starts and runs a bounded batch, so the watchdog sees its iterations
     * end; and a context replaced after its Python took submissions fails at most these, the rest going on elsewhere.
     */
    static final int HANDED_UNSTARTED = 256;

    private final GraalPyRuntime runtime;
    private final String setupScript;
    private final Duration responseLimit;
    private final Duration setupLimit;
    private final Duration drainTimeout;
    private final boolean enginePerContext;
    private final OutputStream out;
    private final OutputStream err;
    private final List<Slot> slots = new ArrayList<>();
    private final Thread watchdog;
    private final Set<Thread> replacers = ConcurrentHashMap.newKeySet();
    private final Set<Thread> disposers = ConcurrentHashMap.newKeySet();
    /** Numbers the submissions: work taken back from a replaced loop waits again in the order it came. */
    private final AtomicLong sequence = new AtomicLong();
    /** Guards {@link #closing} against a replacement finishing at the same time. */
    private final Object lifecycle = new Object();
    /** Set by {@link #closeNow()}: the watchdog stops and no context is rebuilt. */
    private volatile boolean closing;
    /** Set by both closes: no submission is taken any more (a draining close still rebuilds and finishes what it has). */
    private volatile boolean refusing;

    /** How long closing waits for a context being replaced (building one takes seconds). */
    private static final Duration REPLACEMENT_WAIT = Duration.ofSeconds(60);

    private AsyncioLoopPool(Builder builder) {
        this.runtime = builder.runtime;
        this.setupScript = builder.setupScript;
        this.responseLimit = builder.responseLimit;
        this.setupLimit = builder.setupLimit;
        this.drainTimeout = builder.drainTimeout;
        this.enginePerContext = builder.enginePerContext;
        this.out = builder.out;
        this.err = builder.err;
        try {
            for (int i = 0; i < builder.contexts; i++) {
                Slot slot = new Slot(i, enginePerContext ? runtime.sibling() : runtime);
                slots.add(slot);
                slot.current = CompletableFuture.completedFuture(start(slot));
            }
        } catch (RuntimeException e) {
            closeNow();
            throw e;
        }
        this.watchdog = new Thread(this::watch, "asyncio loop pool watchdog");
        this.watchdog.setDaemon(true);
        this.watchdog.start();
    }

    /** A pool of loops in contexts of {@code runtime}; the runtime must outlive the pool. */
    public static Builder builder(GraalPyRuntime runtime) {
        return new Builder(runtime);
    }

    /**
     * Calls {@code function(*arguments)} of the setup script in the context with the fewest unfinished submissions, and
     * runs the awaitable it returns as a task of that context's loop. From any thread; the calling thread never
     * enters Python. Should that context be replaced before its loop took the submission, it goes to another one.
     *
     * @param resultType what {@code Value.as} converts the result to ({@code Object.class}: strings, numbers, lists
     *     and maps as Java sees them)
     * @param arguments passed as they are; a null argument is Python's {@code None}
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public <T> CompletableFuture<T> submit(Class<T> resultType, String function, Object... arguments) {
        return submitTo(null, resultType, function, arguments);
    }

    /**
     * {@link #submit(Class, String, Object...)} in the context {@code key} picks: the same key, the same context (the
     * same slot, after a replacement), so related work shares its globals and caches. Submissions of one thread with
     * one key start in the order submitted.
     */
    public <T> CompletableFuture<T> submitKeyed(Object key, Class<T> resultType, String function, Object... arguments) {
        return submitTo(slots.get(Math.floorMod(Objects.hashCode(key), slots.size())), resultType, function, arguments);
    }

    /** The number of contexts. */
    public int size() {
        return slots.size();
    }

    /** Per context: submissions queued (not started yet) and running, completed and failed ones, replacements so far. */
    public List<LoopStatistics> statistics() {
        return slots.stream().map(Slot::statistics).toList();
    }

    /**
     * The slot with the fewest unfinished submissions among those whose context runs, or, when none runs (all being
     * replaced), among all; {@code except} only if it is the only one.
     */
    private Slot leastLoaded(Slot except) {
        Slot best = null;
        for (Slot slot : slots) {
            if (slot != except && (best == null || slot.rank() < best.rank())) {
                best = slot;
            }
        }
        return best == null ? except : best;
    }

    private <T> CompletableFuture<T> submitTo(Slot keyedTo, Class<T> resultType, String function, Object... arguments) {
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(arguments, "arguments (an Object[] of null: for one None argument pass (Object) null)");
        if (refusing) {
            throw new IllegalStateException("this AsyncioLoopPool is closed: submit before close()");
        }
        Work<T> work = new Work<>(sequence.incrementAndGet(), keyedTo != null, resultType, function, Arrays.asList(arguments.clone()));
        work.result.whenComplete((ok, failure) -> {
            work.ended(failure == null);
            Posting posting = work.posting;
            if (work.result.isCancelled() && posting != null) {
                posting.task.cancel(false);
            }
        });
        place(work, keyedTo != null ? keyedTo : leastLoaded(null));
        return work.result;
    }

    /** Queues {@code work} in {@code slot} and hands what the slot's loop can take; fails it if the slot cannot be rebuilt. */
    private void place(Work<?> work, Slot slot) {
        work.moveTo(slot);
        Throwable notRebuilt = null;
        synchronized (slot) {
            CompletableFuture<Running> current = slot.current;
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
     * Hands the slot's loop what waits for it, oldest first, while it has fewer than {@link #HANDED_UNSTARTED}
     * submissions not started. From any thread: a submitting one, or the loop's own as it starts one. No future is
     * completed under the slot's lock: nothing foreign runs under it.
     */
    private void pump(Slot slot) {
        Running running = slot.live();
        if (running == null) {
            return;
        }
        List<Posting> handed = null;
        synchronized (slot) {
            if (running.retired || !running.loop.isRunning()) {
                return; // being replaced, or about to be: the watchdog moves what waits
            }
            while (running.unstarted.get() < HANDED_UNSTARTED) {
                Work<?> work = slot.waiting.poll();
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
            for (Posting posting : handed) {
                if (posting.work.result.isDone()) {
                    posting.task.cancel(false); // cancelled while it was handed
                }
            }
        }
    }

    /** Posts {@code work} to the loop of {@code running}; under the slot's lock, so in order. */
    private Posting hand(Running running, Work<?> work) {
        CompletableFuture<Value> task = new CompletableFuture<>();
        Posting posting = new Posting(work, running, task);
        Submission<Value> submission = Submission.ofCall(running.namespace, work.function, work.arguments, Function.identity(),
                task, () -> started(posting));
        posting.submission = submission;
        work.posting = posting;
        running.handed.add(posting);
        if (running.unstarted.getAndIncrement() == 0) {
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
    private void started(Posting posting) {
        Running running = posting.running;
        running.lastProgress = System.nanoTime();
        if (posting.counted.compareAndSet(false, true)) {
            running.unstarted.decrementAndGet();
            pump(running.slot);
        }
    }

    private void settle(Posting posting, Value value, Throwable failure) {
        Running running = posting.running;
        running.handed.remove(posting);
        running.lastProgress = System.nanoTime();
        boolean neverStarted = posting.counted.compareAndSet(false, true);
        if (neverStarted) {
            running.unstarted.decrementAndGet();
        }
        Work<?> work = posting.work;
        if (work.posting == posting) { // else taken back from a replaced loop, and handed again or failed
            complete(work, running, value, failure);
        }
        if (neverStarted) {
            pump(running.slot);
        }
    }

    private <T> void complete(Work<T> work, Running running, Value value, Throwable failure) {
        CompletableFuture<T> result = work.result;
        if (failure != null) {
            Throwable died = running.loop.failure().orElse(null);
            result.completeExceptionally(died == null ? failure : new IllegalStateException("the pooled context #"
                    + running.slot.index + " died (" + died + "); this submission did not finish", died));
            return;
        }
        try {
            result.complete(detached(value, work.resultType));
        } catch (RuntimeException notConvertible) {
            result.completeExceptionally(notConvertible);
        } catch (StackOverflowError tooDeep) {
            // A Value.as of a type that nests (an array of arrays), the loop's stack already deep: the result fails,
            // not the loop.
            result.completeExceptionally(new IllegalArgumentException("the result nests too deep to convert to a "
                    + work.resultType.getSimpleName(), tooDeep));
        }
    }

    /**
     * How deep the lists and dicts of a result converted into plain Java copies may nest (Python's own recursion limit
     * is 1,000 too): a deeper one fails its submission instead of the loop thread's stack.
     */
    static final int MAX_RESULT_DEPTH = 1_000;

    /**
     * {@code value} as a {@code type} that outlives its context: {@code Object}, {@code List}, {@code Map} (and
     * {@code Collection}, {@code Iterable}) get plain Java copies, element by element, where {@code Value.as} would give
     * views into the context; strings, numbers, booleans, Java objects and null are values already. A list or dict
     * that two places of the result share is copied once and shared in the copy too.
     *
     * @throws IllegalArgumentException for a result that contains itself (no plain copy of it can end) or nests
     *     deeper than {@link #MAX_RESULT_DEPTH}
     * @throws ClassCastException for a result, or a part of one, that has no Java value of its own
     */
    static <T> T detached(Value value, Class<T> type) {
        if (type == Object.class || type == List.class || type == Map.class || type == java.util.Collection.class
                || type == Iterable.class) {
            Object copy = new Copier().copy(value, 0);
            if (type != Object.class && !type.isInstance(copy)) {
                throw new ClassCastException("the result is " + value.getMetaObject() + ", not a " + type.getSimpleName());
            }
            return type.cast(copy);
        }
        return value.as(type);
    }

    /** One result's copy: {@code Value.equals} and {@code hashCode} are identity (interop's) for Python objects. */
    private static final class Copier {
        /** Lists and dicts copied so far: one shared in Python is shared in the copy, and copied once. */
        private final Map<Value, Object> copied = new HashMap<>();
        /** Lists and dicts being copied: the path from the result down to the value at hand. */
        private final Set<Value> open = new HashSet<>();

        Object copy(Value value, int depth) {
            if (value.isNull()) {
                return null;
            }
            if (value.isHostObject()) {
                return value.asHostObject();
            }
            if (value.isBoolean()) {
                return value.asBoolean();
            }
            if (value.isString()) {
                return value.asString();
            }
            if (value.isNumber()) {
                return value.fitsInInt() ? (Object) value.asInt() : value.fitsInLong() ? (Object) value.asLong()
                        : value.fitsInDouble() ? (Object) value.asDouble() : value.as(Number.class);
            }
            boolean map = value.hasHashEntries();
            if (!map && !value.hasArrayElements()) {
                throw new ClassCastException("the result, " + value.getMetaObject() + ", has no Java value of its own: convert"
                        + " it in Python (to a str, a number, a list or a dict), or ask for a Java type it maps to");
            }
            Object done = copied.get(value);
            if (done != null) {
                return done;
            }
            if (depth >= MAX_RESULT_DEPTH) {
                throw new IllegalArgumentException("the result nests lists or dicts deeper than " + MAX_RESULT_DEPTH
                        + " levels; it has no plain Java copy: flatten it in Python, or ask for Value-free types it maps to");
            }
            if (!open.add(value)) {
                throw new IllegalArgumentException("the result contains itself (a " + value.getMetaObject()
                        + " that holds itself, directly or deeper down); it has no plain Java copy: break the cycle in Python");
            }
            Object copy = map ? copyMap(value, depth) : copyList(value, depth);
            open.remove(value);
            copied.put(value, copy);
            return copy;
        }

        private Map<Object, Object> copyMap(Value value, int depth) {
            Map<Object, Object> map = new LinkedHashMap<>();
            Value iterator = value.getHashEntriesIterator();
            while (iterator.hasIteratorNextElement()) {
                Value entry = iterator.getIteratorNextElement();
                map.put(copy(entry.getArrayElement(0), depth + 1), copy(entry.getArrayElement(1), depth + 1));
            }
            return map;
        }

        private List<Object> copyList(Value value, int depth) {
            long size = value.getArraySize();
            List<Object> list = new ArrayList<>((int) Math.min(size, 1 << 16));
            for (long i = 0; i < size; i++) {
                list.add(copy(value.getArrayElement(i), depth + 1));
            }
            return list;
        }
    }

    /**
     * Makes a context for {@code slot}: a new context, the setup script, its loop started. On a thread of its own, and
     * bounded by the setup limit: a setup script that never ends (or waits in a Java call) fails the start, and what was
     * made is cancelled, instead of holding {@code build()} or a replacement for ever.
     */
    private Running start(Slot slot) {
        Starting starting = new Starting(slot);
        Thread starter = new Thread(starting, "asyncio loop pool: starting context #" + slot.index);
        starter.setDaemon(true);
        starter.start();
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
        } catch (java.util.concurrent.ExecutionException failed) {
            join(starter, Duration.ofSeconds(5)); // it is ending: no thread of the failed start outlives the failure
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (failed.getCause() instanceof Error cause) {
                throw cause;
            }
            throw new IllegalStateException("starting the pooled context #" + slot.index + " failed", failed.getCause());
        }
    }

    /** One context being made, on its own thread; {@link #abandon()}: it took too long, and is cancelled. */
    private final class Starting implements Runnable {
        private final Slot slot;
        final CompletableFuture<Running> result = new CompletableFuture<>();
        private PythonContext python; // guarded by this
        private boolean abandoned; // guarded by this

        Starting(Slot slot) {
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
                result.complete(new Running(slot, made, namespace, loop)); // closed by abandon() if it came first
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
            result.thenAccept(Running::dispose);
            if (toCancel != null) {
                aside("cancelling the context #" + slot.index + " that did not start in time", toCancel::cancelQuietly);
            }
        }
    }

    /**
     * Ends a context given up on, on a daemon thread of its own: cancelling waits for a thread held in a Java call to
     * come back, and nothing else waits for that (closeNow() only when it then closes the contexts' engines).
     */
    private void aside(String what, Runnable disposal) {
        Thread thread = new Thread(() -> {
            try {
                disposal.run();
            } finally {
                disposers.remove(Thread.currentThread());
            }
        }, "asyncio loop pool: " + what);
        thread.setDaemon(true);
        disposers.add(thread);
        thread.start();
    }

    /**
     * The watchdog: judges every loop by its progress (see {@link Running#stalled}), and has a context replaced that
     * stalled or whose thread ended, or rebuilt again whose rebuilding failed. Replacing runs on threads of their own:
     * cancelling a context waits for a thread held in a Java call to come back, and the other contexts are watched
     * meanwhile.
     */
    private void watch() {
        long period = Math.max(1, responseLimit.toMillis() / 4);
        while (!closing) {
            for (Slot slot : slots) {
                if (closing) {
                    return;
                }
                if (slot.replacing) {
                    continue;
                }
                CompletableFuture<Running> current = slot.current;
                if (current.isCompletedExceptionally()) {
                    replaceAside(slot, null, null);
                    continue;
                }
                Running running = slot.live();
                String why = running == null ? null : running.stalled(System.nanoTime(), responseLimit);
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
     * Puts a new context in the slot of {@code dead} (null: one whose rebuilding failed): submissions its Python took
     * fail with {@code why}; those it never took, and those waiting for it, go on (unkeyed ones in another context, if
     * one runs); the dead context is cancelled aside, and the new one is built aside, within the setup limit.
     */
    private void replaceAside(Slot slot, Running dead, String why) {
        slot.replacing = true;
        CompletableFuture<Running> replacement = new CompletableFuture<>();
        synchronized (slot) {
            slot.current = replacement; // new work for this slot waits for the replacement
            if (dead != null) {
                dead.retired = true; // nothing more is handed to it
            }
        }
        // The rest on a thread of its own: failing futures runs their callbacks, which must not hold up the watchdog.
        Thread replacer = new Thread(() -> {
            try {
                if (dead != null) {
                    takeBack(slot, dead, new IllegalStateException("the pooled context #" + slot.index + " was replaced: "
                            + why + "; this submission did not finish"));
                    aside("cancelling the replaced context #" + slot.index, dead::dispose);
                }
                moveUnkeyed(slot);
                rebuild(slot, replacement);
            } finally {
                slot.replacing = false;
                replacers.remove(Thread.currentThread());
            }
        }, "asyncio loop pool: replacing context #" + slot.index);
        replacer.setDaemon(true);
        replacers.add(replacer);
        replacer.start();
    }

    /**
     * What was handed to {@code dead}: still in its inbox (its Python never saw it), it waits again at the head of the
     * slot, oldest first; taken by its Python, it fails with {@code why} (it may have run), before cancelling the context
     * would fail it with less to go on.
     */
    private static void takeBack(Slot slot, Running dead, IllegalStateException why) {
        List<Posting> handed = new ArrayList<>(dead.handed);
        handed.sort(Comparator.comparingLong(posting -> posting.work.sequence));
        List<Work<?>> again = new ArrayList<>();
        for (Posting posting : handed) {
            Work<?> work = posting.work;
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
    private void moveUnkeyed(Slot slot) {
        List<Work<?>> unkeyed = new ArrayList<>();
        Slot elsewhere = leastLoaded(slot);
        if (elsewhere == slot || elsewhere.live() == null) {
            return; // none runs: it waits for the replacement
        }
        synchronized (slot) {
            for (java.util.Iterator<Work<?>> it = slot.waiting.iterator(); it.hasNext(); ) {
                Work<?> work = it.next();
                if (!work.keyed) {
                    it.remove();
                    unkeyed.add(work);
                }
            }
        }
        for (Work<?> work : unkeyed) {
            place(work, leastLoaded(slot));
        }
    }

    private void rebuild(Slot slot, CompletableFuture<Running> replacement) {
        Running started;
        try {
            started = closing ? null : start(slot);
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
            pump(slot); // what waited for it
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
    private void notRebuilt(Slot slot, Throwable cause) {
        List<Work<?>> waiting;
        synchronized (slot) {
            waiting = new ArrayList<>(slot.waiting);
            slot.waiting.clear();
        }
        for (Work<?> work : waiting) {
            Slot elsewhere = work.keyed || closing ? null : leastLoaded(slot);
            if (elsewhere != null && elsewhere != slot && elsewhere.live() != null) {
                place(work, elsewhere);
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
            err.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            err.flush();
        } catch (java.io.IOException ignored) {
            // nowhere else to say it
        }
    }

    /**
     * Drains: refuses new submissions, waits up to the drain timeout for the unfinished ones, then closes every loop
     * (cancelling what is left, whose futures end cancelled) and every context. Idempotent.
     */
    @Override
    public void close() {
        if (refusing) {
            return;
        }
        refusing = true;
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (Slot slot : slots) {
            for (Work<?> unfinished : List.copyOf(slot.unfinished)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    unfinished.result.handle((ok, failure) -> null).get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (java.util.concurrent.ExecutionException impossible) {
                    // handle() never fails
                }
            }
        }
        closeNow();
    }

    /**
     * Refuses new submissions, cancels the unfinished ones (their futures end cancelled), waits for a context being
     * replaced, closes every loop and context. Idempotent.
     */
    public void closeNow() {
        refusing = true;
        synchronized (lifecycle) {
            closing = true;
        }
        if (watchdog != null) {
            watchdog.interrupt();
            join(watchdog);
        }
        for (Slot slot : slots) {
            for (Work<?> unfinished : List.copyOf(slot.unfinished)) {
                unfinished.result.cancel(false);
            }
        }
        List.copyOf(replacers).forEach(AsyncioLoopPool::join);
        RuntimeException failure = null;
        for (Slot slot : slots) {
            Running running = slot.live();
            if (running == null) {
                continue;
            }
            try {
                running.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (enginePerContext) {
            List.copyOf(disposers).forEach(AsyncioLoopPool::join); // their contexts are of these engines
            for (Slot slot : slots) {
                slot.runtime.close();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void join(Thread thread) {
        join(thread, REPLACEMENT_WAIT);
    }

    private static void join(Thread thread, Duration wait) {
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One submission: what to call, the slot it is in, and the loop it was handed to, if it was. */
    private static final class Work<T> {
        final long sequence;
        final boolean keyed;
        final Class<T> resultType;
        final String function;
        final List<Object> arguments;
        final CompletableFuture<T> result = new CompletableFuture<>();
        /** Where it is counted; it moves when it goes on in another context. Guarded by this. */
        private Slot slot;
        /** Its hand-over to a loop; null while it waits in Java. */
        volatile Posting posting;

        Work(long sequence, boolean keyed, Class<T> resultType, String function, List<Object> arguments) {
            this.sequence = sequence;
            this.keyed = keyed;
            this.resultType = resultType;
            this.function = function;
            this.arguments = arguments;
        }

        /** Counts it in {@code to} from now on (no more in the slot it was in), unless it has ended. */
        synchronized void moveTo(Slot to) {
            if (slot == to || result.isDone()) {
                return;
            }
            if (slot != null) {
                slot.unfinished.remove(this);
            }
            slot = to;
            to.unfinished.add(this);
        }

        /** Its future completed: counted in the slot it was in. */
        synchronized void ended(boolean completed) {
            if (slot != null) {
                slot.unfinished.remove(this);
                (completed ? slot.completed : slot.failed).incrementAndGet();
            }
        }
    }

    /** A submission handed to one context's loop: the Java half of the task there. */
    private static final class Posting {
        final Work<?> work;
        final Running running;
        final CompletableFuture<Value> task;
        Submission<Value> submission;
        /** Counted out of {@link Running#unstarted}: it started, or ended first. */
        final AtomicBoolean counted = new AtomicBoolean();

        Posting(Work<?> work, Running running, CompletableFuture<Value> task) {
            this.work = work;
            this.running = running;
            this.task = task;
        }
    }

    /** One context with its setup namespace and its loop thread, and what the watchdog judges it by. */
    private static final class Running {
        final Slot slot;
        final PythonContext python;
        final Value namespace;
        final AsyncioLoopThread loop;
        /** Handed to the loop and not finished. */
        final Set<Posting> handed = ConcurrentHashMap.newKeySet();
        /** Handed to the loop and not started (nor finished) yet. */
        final AtomicInteger unstarted = new AtomicInteger();
        /** When a submission last started or finished here (System.nanoTime). */
        volatile long lastProgress;
        /** When the last submission was handed while none waited to start: how long the oldest has waited, at most. */
        volatile long unstartedSince;
        /** Replaced: nothing more is handed to it. */
        volatile boolean retired;
        /** The watchdog's own: the loop's iterations when it last looked, and when they last moved. */
        private long iterationsSeen = -1;
        private long iterationsMoved;

        Running(Slot slot, PythonContext python, Value namespace, AsyncioLoopThread loop) {
            this.slot = slot;
            this.python = python;
            this.namespace = namespace;
            this.loop = loop;
            this.lastProgress = System.nanoTime();
            this.iterationsMoved = lastProgress;
        }

        void close() {
            try {
                loop.close();
            } finally {
                python.close();
            }
        }

        /** Cancels the context, then ends its loop: for a context given up on, whatever it runs. Never throws. */
        void dispose() {
            python.cancelQuietly();
            try {
                loop.close();
            } catch (RuntimeException alreadyDead) {
                // its thread died with the context
            }
        }

        /**
         * Why this context must be replaced, or null. Not the answer to a question queued behind the work (a busy loop
         * answers late however healthy it is), but the work itself: a loop parked in its select waits, and is well; one
         * that ends iterations, or starts or finishes submissions, makes progress, however much is queued. Replaced
         * are a loop that has done neither for {@code limit} (Python that never yields, a call that blocks its thread),
         * one that has started none of the submissions handed to it for {@code limit} (a script broke what starts
         * them: its iterations alone prove nothing), and one whose thread ended. From the watchdog's thread only.
         */
        String stalled(long now, Duration limit) {
            if (!loop.isRunning()) {
                return "its loop thread ended (" + loop.failure().map(Throwable::toString).orElse("no failure recorded") + ")";
            }
            JavaSelector selector = loop.selector();
            long iterations = selector.selects();
            if (iterations != iterationsSeen) {
                iterationsSeen = iterations;
                iterationsMoved = now;
            }
            long limitNanos = limit.toNanos();
            long progress = lastProgress;
            if (!selector.isParked() && now - Math.max(iterationsMoved, progress) > limitNanos) {
                return "its loop made no progress for " + limit.toMillis() + " ms: it neither waited nor ended an iteration"
                        + " nor started or finished a submission (Python code that never yields to the loop, or a call"
                        + " that blocks its thread)";
            }
            if (unstarted.get() > 0 && now - Math.max(unstartedSince, progress) > limitNanos) {
                return "its loop started none of the " + unstarted.get() + " submissions handed to it for "
                        + limit.toMillis() + " ms (it takes no more work: a script may have broken what starts them)";
            }
            return null;
        }
    }

    /** A place in the pool: the context in it now, the submissions waiting for it and its counts. */
    private static final class Slot {
        final int index;
        /** The runtime its contexts come from: an engine of its own, or the pool's runtime (see the builder). */
        final GraalPyRuntime runtime;
        volatile CompletableFuture<Running> current;
        /** Submissions not handed to a loop yet, oldest first. Guarded by this. */
        final ArrayDeque<Work<?>> waiting = new ArrayDeque<>();
        /** Submissions counted here that have not ended: waiting, handed or running. */
        final Set<Work<?>> unfinished = ConcurrentHashMap.newKeySet();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        volatile int replacements;
        volatile boolean replacing;

        Slot(int index, GraalPyRuntime runtime) {
            this.index = index;
            this.runtime = runtime;
        }

        /** The context running in this slot now; null while one is being built, or when building it failed. */
        Running live() {
            CompletableFuture<Running> now = current;
            return now != null && now.isDone() && !now.isCompletedExceptionally() ? now.join() : null;
        }

        /** Lower is better: unfinished submissions, and a slot whose context does not run only when none runs. */
        long rank() {
            return (live() != null && !replacing ? 0 : 1L << 32) + unfinished.size();
        }

        LoopStatistics statistics() {
            int all = unfinished.size();
            Running now = live();
            int running = now == null ? 0 : Math.min(all, now.loop.runningCount());
            return new LoopStatistics(index, all - running, running, completed.get(), failed.get(), replacements);
        }
    }

    /** How many contexts, what runs in each first, how long a loop may go without answering. */
    public static final class Builder {
        private final GraalPyRuntime runtime;
        private int contexts = defaultContexts();
        private String setupScript = "";
        private Duration responseLimit = Duration.ofSeconds(10);
        private Duration setupLimit = Duration.ofSeconds(60);
        private Duration drainTimeout = Duration.ofSeconds(30);
        private boolean enginePerContext = false;
        private OutputStream out = System.out;
        private OutputStream err = System.err;

        private Builder(GraalPyRuntime runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
        }

        /** One context per core, at least 2 and at most 8: a context runs Python on one core at a time. */
        static int defaultContexts() {
            return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        }

        public Builder contexts(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a pool has at least one context, not " + count);
            }
            this.contexts = count;
            return this;
        }

        /** Python source run in every context before it takes work (and again in a replacement): the functions to submit. */
        public Builder setup(String script) {
            this.setupScript = Objects.requireNonNull(script, "script");
            return this;
        }

        /**
         * Whether each context gets an engine of its own ({@link GraalPyRuntime#sibling()}) or all come from the pool's
         * runtime (the default). An engine each keeps each context's compiled code apart, compiles everything once per
         * context and, in this project's benchmark, took somewhat more heap per context and scaled no better.
         */
        public Builder enginePerContext(boolean enginePerContext) {
            this.enginePerContext = enginePerContext;
            return this;
        }

        /** How long a loop may go without answering before its context is replaced (default 10 s). */
        public Builder responseLimit(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("the response limit must be positive, not " + limit);
            }
            this.responseLimit = limit;
            return this;
        }

        /**
         * How long starting one context may take: making it, running the setup script, starting its loop (default
         * 60 s; a context takes seconds). A start that takes longer fails {@link #build()}, or the replacement, with an
         * {@link IllegalStateException}, and what it made is cancelled.
         */
        public Builder setupLimit(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("the setup limit must be positive, not " + limit);
            }
            this.setupLimit = limit;
            return this;
        }

        /** How long {@link AsyncioLoopPool#close()} waits for unfinished submissions (default 30 s). */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Where the contexts' Python prints (default: this process's standard output and error). */
        public Builder output(OutputStream out, OutputStream err) {
            this.out = Objects.requireNonNull(out, "out");
            this.err = Objects.requireNonNull(err, "err");
            return this;
        }

        /**
         * Builds every context now (seconds each, one after another) and starts its loop.
         *
         * @throws IllegalStateException if a context does not start within the setup limit; what was built is closed
         * @throws io.github.asyncgraalpy.runtime.PythonException if the setup script raises; what was built is closed
         */
        public AsyncioLoopPool build() {
            return new AsyncioLoopPool(this);
        }
    }
}
