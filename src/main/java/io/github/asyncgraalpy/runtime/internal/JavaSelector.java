package io.github.asyncgraalpy.runtime.internal;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.graalvm.polyglot.HostAccess;

/**
 * Where a {@code JavaEventLoop} waits, and its inbox: {@link #select} parks the loop's thread until the next timer is
 * due, an event is {@link #post posted}, or {@link #wake} is called, from any thread. It replaces the self-pipe that
 * asyncio's default loop builds from a socket pair, so the loop needs no host IO.
 *
 * <p>Events posted while the loop is busy wait in the inbox and come out of the next {@code select} together: one
 * hand-over into Python however many arrived. A wake-up is never lost, and the posting thread never blocks on the
 * loop, never enters Python and never sees an exception.
 *
 * <p>A loop that opens a socket ({@link #sockets()}) waits from then on in a NIO {@link Selector} instead of the
 * condition, and its wake-ups are the selector's: one wait for timers, events and IO readiness. A loop without
 * sockets never opens one (a selector holds file descriptors).
 */
public final class JavaSelector {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wokenUp = lock.newCondition();
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    /** Selects returned so far, and whether the loop's thread is parked in one now; written by the loop's thread only. */
    private volatile long selects;
    private volatile boolean parked;
    /** The context's network, which the loop's sockets ask; none unless the embedder granted it. */
    private final Network network;
    /** Made by the first {@link #sockets()} call, on the loop's thread; from then on the loop waits in its selector. */
    private volatile Selector io;
    private LoopSockets sockets;

    private JavaSelector(Network network) {
        this.network = network;
    }

    /** Makes one selector per event loop, all of one context sharing its network. */
    public static final class Factory {
        private final Network network;

        /** A factory for a context without network. */
        public Factory() {
            this(Network.none());
        }

        /** A factory for a context with this network. */
        public Factory(Network network) {
            this.network = network;
        }

        @HostAccess.Export
        public JavaSelector create() {
            return new JavaSelector(network);
        }
    }

    /**
     * This loop's TCP sockets, made on the first call (on the loop's thread): from then on the loop waits in their NIO
     * selector.
     *
     * @return the sockets; or why there are none: {@code "closed"} once the loop closed, else the network's refusal
     *     (a context without network, or at its limit of loops with sockets), and no selector is kept open then
     */
    @HostAccess.Export
    public synchronized Object sockets() throws IOException {
        if (closed) {
            return "closed";
        }
        if (sockets == null) {
            Selector selector = Selector.open();
            LoopSockets made = new LoopSockets(network, this, selector);
            Optional<String> refused = network.register(made);
            if (refused.isPresent()) {
                selector.close();
                return refused.get();
            }
            sockets = made;
            io = selector; // after this, a waker that misses the condition sees the selector (wake: Dekker's order)
        }
        return sockets;
    }

    /**
     * Waits up to {@code timeoutSeconds} (negative: no limit) for events or a wake-up; returns at once if either is
     * pending.
     *
     * @return the events posted since the last select, oldest first (often none)
     */
    @HostAccess.Export
    public List<Object> select(double timeoutSeconds) throws InterruptedException {
        Selector selector = io;
        if (selector != null) {
            return selectIo(selector, timeoutSeconds);
        }
        if (!wakeUpPending.getAndSet(false) && inbox.isEmpty()) {
            lock.lock();
            parked = true;
            try {
                long nanos = timeoutSeconds < 0 ? Long.MAX_VALUE : (long) (timeoutSeconds * TimeUnit.SECONDS.toNanos(1));
                while (!wakeUpPending.get() && inbox.isEmpty() && !closed && nanos > 0) {
                    nanos = wokenUp.awaitNanos(nanos);
                }
            } finally {
                parked = false;
                lock.unlock();
            }
            wakeUpPending.set(false);
        }
        selects = selects + 1; // one writer, the loop's thread
        return drainInbox();
    }

    /** {@link #select} once the loop has sockets: the wait, and the sockets' readiness, in the NIO selector. */
    private List<Object> selectIo(Selector selector, double timeoutSeconds) {
        List<Object> events = new ArrayList<>();
        try {
            if (!wakeUpPending.getAndSet(false) && inbox.isEmpty() && !closed) {
                parked = true;
                try {
                    if (timeoutSeconds < 0) {
                        selector.select();
                    } else if (timeoutSeconds == 0) {
                        selector.selectNow();
                    } else {
                        // Whole milliseconds, rounded up: asyncio's next timer is never due before the select ends.
                        selector.select(Math.max(1, (long) Math.ceil(timeoutSeconds * 1000)));
                    }
                } finally {
                    parked = false;
                }
                wakeUpPending.set(false);
            } else {
                selector.selectNow();
            }
            sockets.collect(events);
        } catch (IOException | ClosedSelectorException closedMeanwhile) {
            // The loop or the context closed its sockets: only the inbox is left, and the condition to wait on.
            if (!selector.isOpen()) {
                io = null;
            }
        }
        selects = selects + 1; // one writer, the loop's thread
        events.addAll(drainInbox());
        return events;
    }

    /** How many selects have returned: the loop's iterations so far. For a watchdog, from any thread. */
    public long selects() {
        return selects;
    }

    /** True while the loop's thread is parked in {@link #select}: waiting for work or a timer, not stuck. */
    public boolean isParked() {
        return parked;
    }

    /**
     * Takes {@code event} back if no {@link #select} has returned it yet: the loop never saw it.
     *
     * @return true if it was still in the inbox (it is gone from there now), false if the loop took it
     */
    public boolean withdraw(Object event) {
        return inbox.remove(event);
    }

    private List<Object> drainInbox() {
        if (inbox.isEmpty()) {
            return List.of();
        }
        List<Object> events = new ArrayList<>();
        for (Object event; (event = inbox.poll()) != null; ) {
            events.add(event);
        }
        return events;
    }

    /**
     * Hands {@code event} to the loop: the next {@link #select} returns it. From any thread.
     *
     * @return false, dropping the event, when the loop is closed
     */
    public boolean post(Object event) {
        if (closed) {
            return false;
        }
        inbox.add(event);
        if (closed && inbox.remove(event)) {
            return false; // closed meanwhile, and close() did not take it: the poster handles it as refused
        }
        wake();
        return true;
    }

    /** Ends the current or next {@link #select}. Safe from any thread; signals only the first of many wake-ups. */
    @HostAccess.Export
    public void wake() {
        if (wakeUpPending.compareAndSet(false, true)) {
            Selector selector = io;
            if (selector != null) {
                selector.wakeup();
                return;
            }
            lock.lock();
            try {
                wokenUp.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** True once the loop closed; events posted then are dropped. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * After close, select no longer waits and posts are refused: a closed loop cannot leave a thread parked.
     *
     * @return the events posted and not selected yet, oldest first: the loop tells their posters it will not apply them
     */
    @HostAccess.Export
    public List<Object> close() {
        closed = true;
        LoopSockets open;
        synchronized (this) {
            open = sockets;
        }
        if (open != null) {
            open.close(); // every socket of the loop, and its selector
        }
        List<Object> dropped = drainInbox();
        lock.lock();
        try {
            wokenUp.signalAll();
        } finally {
            lock.unlock();
        }
        return dropped;
    }
}
