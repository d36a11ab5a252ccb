package io.github.asyncgraalpy.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What Java code started for the Python of one context (threads, and the resources that keep them busy), bounded and
 * ended when the context closes: a script cannot start Java threads without limit through a project class, nor
 * leave them running after it ended.
 *
 * <p>A project class that Python constructs asks {@link PythonContext#calling()} for the context whose Python
 * called it, and registers what it starts with {@link #own}; the returned {@link Ownership} gives the threads back
 * when the work ends first.
 */
public final class OwnedResources {

    /**
     * Java threads that project classes may run at once for one context. Enough for any example (the largest uses
     * 4); a script that asks for more gets an {@link IllegalStateException}, a Python {@code Exception}, not a host
     * short of memory.
     */
    public static final int MAX_THREADS = 64;

    private final Set<Ownership> owned = new LinkedHashSet<>();
    private int threads;
    private boolean closed;

    OwnedResources() {}

    /**
     * Registers {@code resource}, which runs {@code threadCount} Java threads for this context, to be closed when the
     * context closes. Call it before starting the threads.
     *
     * @throws IllegalStateException if that would take this context past {@link #MAX_THREADS}, or it is closing
     */
    public synchronized Ownership own(String what, int threadCount, AutoCloseable resource) {
        if (threadCount < 0) {
            throw new IllegalArgumentException("threadCount must be 0 or more, was " + threadCount);
        }
        if (closed) {
            throw new IllegalStateException(what + ": the context is closing");
        }
        if (threads + threadCount > MAX_THREADS) {
            throw new IllegalStateException(what + " would run " + threadCount + " more Java threads for this context, which runs "
                    + threads + " already; at most " + MAX_THREADS + " at once");
        }
        threads += threadCount;
        Ownership ownership = new Ownership(threadCount, resource);
        owned.add(ownership);
        return ownership;
    }

    /** Java threads running for this context now. */
    public synchronized int threads() {
        return threads;
    }

    private synchronized void release(Ownership ownership) {
        if (owned.remove(ownership)) {
            threads -= ownership.threadCount;
        }
    }

    /** Closes everything still owned, newest first; what fails to close is reported after the rest are closed. */
    void closeAll() {
        List<Ownership> remaining;
        synchronized (this) {
            closed = true;
            remaining = new ArrayList<>(owned);
        }
        RuntimeException failure = null;
        for (int i = remaining.size() - 1; i >= 0; i--) {
            try {
                remaining.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One registered resource: {@link #close()} ends it (if still running) and gives its threads back. Idempotent. */
    public final class Ownership implements AutoCloseable {
        private final int threadCount;
        private final AutoCloseable resource;

        private Ownership(int threadCount, AutoCloseable resource) {
            this.threadCount = threadCount;
            this.resource = resource;
        }

        /** The work ended by itself: gives the threads back without closing the resource. */
        public void release() {
            OwnedResources.this.release(this);
        }

        @Override
        public void close() {
            release();
            try {
                resource.close();
            } catch (RuntimeException e) {
                throw e; // as it is: only checked exceptions need wrapping
            } catch (Exception e) {
                throw new IllegalStateException("closing " + resource + " failed", e);
            }
        }
    }
}
