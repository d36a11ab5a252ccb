package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
 *   <li><b>A context that dies is replaced.</b> A watchdog asks every loop to answer every {@code responseLimit / 4};
 *       a loop that has not answered within {@code responseLimit} (Python code that never yields, a blocking call made
 *       on the loop's thread), or whose thread ended, has its context cancelled and rebuilt. Its unfinished
 *       submissions fail with an {@link IllegalStateException} that says so; none is silently lost or run twice.
 *   <li><b>Results are Java values.</b> Each is converted on the loop's thread, while its context lives: with
 *       {@code Value.as(type)}, and for {@code Object}, {@code List} and {@code Map} into plain Java copies, element by
 *       element, as {@code Value.as} would give views that die with the context.
 *   <li><b>Close</b> drains: no new submission, those queued and running finish (up to the drain timeout), then
 *       every loop and context closes. {@link #closeNow()} cancels what is unfinished instead.
 * </ul>
 */
public final class AsyncioLoopPool implements AutoCloseable {

    /** What a service watches per context. */
    public record LoopStatistics(int index, int queued, int running, long completed, long failed, int replacements) {}

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
     * enters Python.
     *
     * @param resultType what {@code Value.as} converts the result to ({@code Object.class}: strings, numbers, lists
     *     and maps as Java sees them)
     * @param arguments passed as they are; a null argument is Python's {@code None}
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public <T> CompletableFuture<T> submit(Class<T> resultType, String function, Object... arguments) {
        return submitTo(leastLoaded(), resultType, function, arguments);
    }

    /**
     * {@link #submit(Class, String, Object...)} in the context {@code key} picks: the same key, the same context (the
     * same slot, after a replacement), so related work shares its globals and caches.
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

    /** The slot with the fewest unfinished submissions, passing over those being replaced while another is there. */
    private Slot leastLoaded() {
        Slot best = null;
        for (Slot slot : slots) {
            if (best == null || slot.rank() < best.rank()) {
                best = slot;
            }
        }
        return best;
    }

    private <T> CompletableFuture<T> submitTo(Slot slot, Class<T> resultType, String function, Object... arguments) {
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(arguments, "arguments (an Object[] of null: for one None argument pass (Object) null)");
        if (refusing) {
            throw new IllegalStateException("this AsyncioLoopPool is closed: submit before close()");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        slot.track(result);
        // At once into a live context; into its replacement once that runs, if it is being replaced.
        slot.current.whenComplete((running, notRebuilt) -> {
            if (notRebuilt != null) {
                result.completeExceptionally(new IllegalStateException("the pooled context #" + slot.index
                        + " could not be rebuilt; this submission was not started", notRebuilt));
            } else {
                try {
                    dispatch(slot, running, result, resultType, function, arguments);
                } catch (RuntimeException | Error notDispatched) {
                    // Whatever went wrong, the future says so: nothing may leave it pending (and counted as queued).
                    result.completeExceptionally(notDispatched);
                }
            }
        });
        return result;
    }

    private <T> void dispatch(Slot slot, Running running, CompletableFuture<T> result, Class<T> resultType, String function,
            Object[] arguments) {
        CompletableFuture<Value> task;
        try {
            task = running.loop.submitCall(running.namespace, function, java.util.Arrays.asList(arguments));
        } catch (IllegalStateException loopClosed) {
            result.completeExceptionally(new IllegalStateException("the pooled context #" + slot.index
                    + " has closed; this submission was not started", loopClosed));
            return;
        }
        // Converted on the loop's thread as the task completes there, while its context lives.
        task.whenComplete((value, failure) -> {
            if (failure != null) {
                Throwable died = running.loop.failure().orElse(null);
                result.completeExceptionally(died == null ? failure : new IllegalStateException("the pooled context #"
                        + slot.index + " died (" + died + "); this submission did not finish", died));
                return;
            }
            try {
                result.complete(detached(value, resultType));
            } catch (RuntimeException notConvertible) {
                result.completeExceptionally(notConvertible);
            } catch (StackOverflowError tooDeep) {
                // A Value.as of a type that nests (an array of arrays), the loop's stack already deep: the result fails,
                // not the loop.
                result.completeExceptionally(new IllegalArgumentException("the result nests too deep to convert to a "
                        + resultType.getSimpleName(), tooDeep));
            }
        });
        result.whenComplete((ok, failure) -> {
            if (result.isCancelled()) {
                task.cancel(false);
            }
        });
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
                result.complete(new Running(made, namespace, loop)); // closed by abandon() if it came first
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
     * The watchdog: pings every loop, and has a context replaced whose loop did not answer in time or whose thread
     * ended, or rebuilt again whose rebuilding failed. Replacing runs on a thread of its own: cancelling a context
     * waits for a thread held in a Java call to come back, and the other contexts are watched meanwhile.
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
                String why = running == null ? null : running.unanswered(responseLimit);
                if (why != null) {
                    replaceAside(slot, running, why);
                } else if (running != null) {
                    running.ping();
                }
            }
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void replaceAside(Slot slot, Running dead, String why) {
        slot.replacing = true;
        // New submissions wait for the replacement; those the dead context has fail first, with why: cancelling the
        // context would fail them with less to go on.
        CompletableFuture<Running> replacement = new CompletableFuture<>();
        slot.current = replacement;
        if (dead != null) {
            slot.failUnfinished(new IllegalStateException("the pooled context #" + slot.index + " was replaced: " + why
                    + "; this submission did not finish"));
        }
        Thread replacer = new Thread(() -> {
            try {
                if (dead != null) {
                    dead.python.cancelQuietly();
                    dead.loop.close();
                }
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

    private void rebuild(Slot slot, CompletableFuture<Running> replacement) {
        Running started;
        try {
            started = closing ? null : start(slot);
        } catch (RuntimeException e) {
            if (!closing) {
                err("asyncio loop pool: rebuilding context #" + slot.index + " failed, trying again: " + e + "\n");
            }
            replacement.completeExceptionally(e);
            return;
        }
        synchronized (lifecycle) {
            if (!closing) {
                replacement.complete(started);
                slot.replacements++;
                return;
            }
        }
        // closeNow() came first: it cancels what waited for this context, and the context is not handed out.
        replacement.completeExceptionally(new IllegalStateException("the pool is closing"));
        if (started != null) {
            started.close();
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
            for (CompletableFuture<?> unfinished : List.copyOf(slot.unfinished)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    unfinished.handle((ok, failure) -> null).get(left, TimeUnit.NANOSECONDS);
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
            for (CompletableFuture<?> unfinished : List.copyOf(slot.unfinished)) {
                unfinished.cancel(false);
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

    /** One context with its setup namespace and its loop thread. */
    private static final class Running {
        final PythonContext python;
        final Value namespace;
        final AsyncioLoopThread loop;
        private volatile long unansweredSince = 0;

        Running(PythonContext python, Value namespace, AsyncioLoopThread loop) {
            this.python = python;
            this.namespace = namespace;
            this.loop = loop;
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

        void ping() {
            if (unansweredSince != 0) {
                return; // the last one is still out
            }
            long sent = System.nanoTime();
            unansweredSince = sent;
            loop.ping().whenComplete((ok, failure) -> {
                if (failure == null) {
                    unansweredSince = 0;
                }
            });
        }

        /** Why this context must be replaced, or null. */
        String unanswered(Duration limit) {
            if (!loop.isRunning()) {
                return "its loop thread ended (" + loop.failure().map(Throwable::toString).orElse("no failure recorded") + ")";
            }
            long since = unansweredSince;
            if (since != 0 && System.nanoTime() - since > limit.toNanos()) {
                return "its loop did not answer within " + limit.toMillis() + " ms (Python code that never yields to the loop)";
            }
            return null;
        }
    }

    /** A place in the pool: the context in it now, its unfinished submissions and its counts. */
    private static final class Slot {
        final int index;
        /** The runtime its contexts come from: an engine of its own, or the pool's runtime (see the builder). */
        final GraalPyRuntime runtime;
        volatile CompletableFuture<Running> current;
        final Set<CompletableFuture<?>> unfinished = ConcurrentHashMap.newKeySet();
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

        /** Lower is better: unfinished submissions, and a slot being replaced only when all are. */
        long rank() {
            return (current.isDone() ? 0 : 1L << 32) + unfinished.size();
        }

        void track(CompletableFuture<?> future) {
            unfinished.add(future);
            future.whenComplete((ok, failure) -> {
                unfinished.remove(future);
                (failure == null ? completed : failed).incrementAndGet();
            });
        }

        void failUnfinished(RuntimeException why) {
            for (CompletableFuture<?> future : List.copyOf(unfinished)) {
                future.completeExceptionally(why);
            }
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
