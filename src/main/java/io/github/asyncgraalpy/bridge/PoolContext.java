package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.runtime.PythonContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.Value;

/**
 * One context of an {@link AsyncioLoopPool} with its setup namespace and its loop thread, and the marks of progress
 * the {@link PoolSupervisor} judges it by.
 */
final class PoolContext {
    final PoolSlot slot;
    final PythonContext python;
    final Value namespace;
    final AsyncioLoopThread loop;
    /** Handed to the loop and not finished. */
    final Set<PoolPosting> handed = ConcurrentHashMap.newKeySet();
    /** Handed to the loop and not started (nor finished) yet. */
    final AtomicInteger unstarted = new AtomicInteger();
    /** When a submission last started or finished here (System.nanoTime). */
    volatile long lastProgress;
    /** When the last submission was handed while none waited to start: how long the oldest has waited, at most. */
    volatile long unstartedSince;
    /** The loop's iterations at that moment: a loop that has ended none since is stuck in one, not refusing work. */
    volatile long unstartedIterations;
    /** Replaced: nothing more is handed to it. */
    volatile boolean retired;
    /** The supervisor's own: the loop's iterations when it last looked, and when they last moved. */
    long iterationsSeen = -1;
    long iterationsMoved;

    PoolContext(PoolSlot slot, PythonContext python, Value namespace, AsyncioLoopThread loop) {
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
}
