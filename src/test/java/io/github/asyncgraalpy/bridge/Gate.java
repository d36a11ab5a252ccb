package io.github.asyncgraalpy.bridge;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.HostAccess;

/** A blocking Java call for Python to make: {@link #waitToPass()} waits until {@link #open()}, and tells how it ended. */
public final class Gate {

    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch left = new CountDownLatch(1);
    private volatile String ending = "";
    private volatile String thread = "";

    /** Waits up to ten seconds for {@link #open()}: "opened", "timed out" or "interrupted". */
    @HostAccess.Export
    public String waitToPass() {
        thread = Thread.currentThread().getName();
        entered.countDown();
        try {
            ending = opened.await(10, TimeUnit.SECONDS) ? "opened" : "timed out";
        } catch (InterruptedException e) {
            ending = "interrupted";
        } finally {
            left.countDown();
        }
        return ending;
    }

    @HostAccess.Export
    public void open() {
        opened.countDown();
    }

    /** From Python: has a thread entered {@link #waitToPass()} yet? */
    @HostAccess.Export
    public boolean isEntered() {
        return entered.getCount() == 0;
    }

    /** Waits up to ten seconds for a thread to leave {@link #waitToPass()}; then how it ended, else "still waiting". */
    public String awaitEnding() throws InterruptedException {
        return left.await(10, TimeUnit.SECONDS) ? ending : "still waiting";
    }

    /** The name of the thread that called {@link #waitToPass()}. */
    @HostAccess.Export
    public String thread() {
        return thread;
    }
}
