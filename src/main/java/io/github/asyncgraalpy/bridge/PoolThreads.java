package io.github.asyncgraalpy.bridge;

import java.time.Duration;
import java.util.Set;

/** The threads of an {@link AsyncioLoopPool}: daemons named for what they do, some counted while they run. */
final class PoolThreads {

    private PoolThreads() {}

    /**
     * Starts {@code body} on a daemon thread named {@code "asyncio loop pool: " + what}, in {@code running} (null: in
     * none) from before it starts until it ends, so that closing can wait for it.
     */
    static Thread startDaemon(String what, Runnable body, Set<Thread> running) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } finally {
                if (running != null) {
                    running.remove(Thread.currentThread());
                }
            }
        }, "asyncio loop pool: " + what);
        thread.setDaemon(true);
        if (running != null) {
            running.add(thread);
        }
        thread.start();
        return thread;
    }

    /** Waits up to {@code wait} for {@code thread} to end; an interrupt ends the wait and stays set. */
    static void join(Thread thread, Duration wait) {
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
