package io.github.asyncgraalpy.runtime;

import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Contexts started ahead of need: a background thread keeps up to {@code size} fresh contexts ready, building one at
 * a time (a build keeps a core busy; two builds at once on a small machine only slow each other), so that
 * {@link #take} hands one out in the time it takes to set its output streams. Made by {@link
 * GraalPyRuntime#prestartContexts}.
 *
 * <p>Each context is handed out once, to one taker, who closes it: nothing a script did in it can reach the next
 * taker, and no context comes back (hence not a pool). A taker who finds none ready waits for the one being built
 * rather than building another. Closing this closes the contexts it holds; those handed out are the takers'. A batch
 * that knows how many more it will take says so ({@link #limitToNext}), and none is built for nothing at its end.
 */
public final class PrestartedContexts implements AutoCloseable {

    /** A context built ahead, with the streams it will write through once handed out. */
    private record Ready(PythonContext context, DeferredOutput out, DeferredOutput err) {}

    private final GraalPyRuntime runtime;
    private final Set<Sandbox.Grant> grants;
    private final int size;
    private final Deque<Ready> ready = new ArrayDeque<>();
    private final Thread builder;
    /** Contexts built or being built, in all: never more than {@link #limit}. */
    private long started;
    /** Contexts taken, in all. */
    private long handedOut;
    private long limit = Long.MAX_VALUE;
    private boolean building;
    private Throwable buildFailure;
    private boolean closed;

    PrestartedContexts(GraalPyRuntime runtime, int size, Set<Sandbox.Grant> grants) {
        if (size < 1) {
            throw new IllegalArgumentException("at least one context is started ahead, not " + size);
        }
        if (grants.contains(Sandbox.Grant.PYTHON_THREADS)) {
            // Python's threading module takes the thread that built a context for its main thread, and closing such a
            // context from another one waits for it forever; without Python threads the bootstrap lifts that wait.
            throw new IllegalArgumentException("contexts with Python threads cannot be started ahead");
        }
        this.runtime = runtime;
        this.size = size;
        this.grants = Set.copyOf(grants);
        this.builder = new Thread(this::keepFilled, "graalpy-prestarted-contexts");
        this.builder.setDaemon(true);
        this.builder.start();
    }

    /** How many contexts it keeps ready. */
    public int size() {
        return size;
    }

    /**
     * Waits until it holds {@link #size()} ready contexts, for callers that want it warm before they need it
     * (a service at start-up, a benchmark of the hand-out).
     *
     * @return true when full, false when {@code timeout} passed first, this closed, or a build failed
     */
    public boolean awaitFull(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (ready.size() < size && !closed && buildFailure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return ready.size() >= size;
        }
    }

    /**
     * A fresh context writing to {@code out} and {@code err}, built ahead if one is ready, else the one being built
     * as soon as it is. The caller owns it and closes it.
     *
     * @throws IllegalStateException when this is closed, building a context failed (the cause says why), or the
     *     waiting thread was interrupted (its flag is set again)
     */
    public PythonContext take(OutputStream out, OutputStream err) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Ready taken;
        synchronized (this) {
            while (ready.isEmpty() && !closed && buildFailure == null && !allHandedOut()) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a GraalPy context", e);
                }
            }
            if (closed) {
                throw new IllegalStateException("the prestarted contexts are closed");
            }
            if (ready.isEmpty() && buildFailure != null) {
                throw new IllegalStateException("building a GraalPy context failed: " + buildFailure.getMessage(), buildFailure);
            }
            if (ready.isEmpty()) {
                throw new IllegalStateException("all " + limit + " contexts it was limited to were handed out");
            }
            taken = ready.poll();
            handedOut++;
            notifyAll();
        }
        taken.out().sendTo(out);
        taken.err().sendTo(err);
        return taken.context();
    }

    /**
     * Builds no more contexts than the next {@code takes} takes need (those ready or being built count): for a batch
     * that knows how many it will take, so that none is built for nothing at its end. A {@link #take} beyond them
     * throws.
     *
     * @throws IllegalArgumentException for a negative number of takes
     */
    public synchronized void limitToNext(long takes) {
        if (takes < 0) {
            throw new IllegalArgumentException("a number of takes is 0 or more, not " + takes);
        }
        limit = handedOut + takes;
        notifyAll();
    }

    /** Whether the limit allows no more builds and none is under way: what is not ready now never will be. */
    private boolean allHandedOut() {
        return started >= limit && !building;
    }

    private void keepFilled() {
        while (true) {
            synchronized (this) {
                while (!closed && buildFailure == null && (ready.size() >= size || started >= limit)) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed || buildFailure != null) {
                    return;
                }
                started++;
                building = true;
            }
            DeferredOutput out = new DeferredOutput();
            DeferredOutput err = new DeferredOutput();
            Ready built;
            try {
                built = new Ready(runtime.newContext(out, err, grants), out, err);
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    building = false;
                    buildFailure = e;
                    notifyAll();
                }
                return;
            }
            synchronized (this) {
                building = false;
                if (closed) {
                    built.context().close();
                    return;
                }
                ready.add(built);
                notifyAll();
            }
        }
    }

    /** Stops building, waits for a build under way to end, and closes every context not handed out. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        try {
            builder.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (Ready left : ready) {
                left.context().close();
            }
            ready.clear();
        }
    }
}
