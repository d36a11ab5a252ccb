package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.coroutine.internal.RaisedError;
import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The subscriber behind {@code async for} over a Java {@link Flow.Publisher}: it buffers what the publisher sends and
 * wakes the loop, and Python takes the buffer in batches on the loop's thread. Demand is a window: at most
 * {@code window} elements are ever requested and not yet consumed by Python (in flight, buffered here, or in the
 * batch Python is working through), and what Python consumed is requested again once it makes up half a window, so
 * a publisher is asked for elements in batches, not one by one. Not for user code.
 *
 * <p>The publisher's threads only touch the buffer and post a wake-up to the loop's inbox; they never enter Python.
 * Rules 2.5 (a second {@code onSubscribe} is cancelled) and 2.13 of Reactive Streams hold: a null {@code onNext} or
 * {@code onError} throws {@link NullPointerException} to the publisher and, as the rule has the subscription then
 * considered cancelled, also ends the stream with that exception (the {@code async for} raises it) and cancels the
 * subscription, so that a publisher that goes silent after breaking the rule leaves nothing waiting.
 */
public final class PublisherReader implements Flow.Subscriber<Object> {

    private final JavaSelector selector;
    private final int window;
    private final int refillAt;
    private final ArrayDeque<Object> buffer = new ArrayDeque<>();
    private Flow.Subscription subscription;
    private long inFlight;          // requested and not yet received
    private int lastBatch;          // handed to Python by the last take, consumed by the time of the next
    private long consumed;          // consumed by Python and not requested again yet
    private Throwable failure;
    private boolean completed;
    private boolean cancelled;
    private Value waiting;          // the asyncio future of a take that found nothing

    PublisherReader(JavaSelector selector, int window) {
        this.selector = selector;
        this.window = window;
        this.refillAt = Math.max(1, window / 2);
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        Objects.requireNonNull(newSubscription, "onSubscribe(null): rule 2.13");
        synchronized (this) {
            if (subscription == null && !over()) { // over already: a rule broken before onSubscribe, or cancelled
                subscription = newSubscription;
                inFlight = window;
                newSubscription = null;
            }
        }
        if (newSubscription != null) {
            newSubscription.cancel(); // rule 2.5: one subscription at a time (or this reader's stream is over)
            return;
        }
        subscription.request(window);
    }

    @Override
    public void onNext(Object element) {
        if (element == null) {
            throw brokeRule213("onNext(null): rule 2.13");
        }
        Value wake;
        Flow.Subscription overflowing = null;
        synchronized (this) {
            if (over()) {
                return;
            }
            if (inFlight == 0) {
                // More than was requested: the publisher broke rule 1.1. The loop ends with that, as the element
                // would go beyond the window.
                failure = new IllegalStateException("the publisher sent more elements than were requested (rule 1.1)");
                overflowing = subscription;
            } else {
                inFlight--;
                buffer.add(element);
            }
            wake = takeWaiting();
        }
        if (overflowing != null) {
            overflowing.cancel();
        }
        wakeUp(wake);
    }

    @Override
    public void onError(Throwable throwable) {
        if (throwable == null) {
            throw brokeRule213("onError(null): rule 2.13");
        }
        end(throwable);
    }

    @Override
    public void onComplete() {
        end(null);
    }

    /**
     * A null signal (rule 2.13): the stream ends with the returned exception, which the caller throws to the publisher
     * as the rule says, and the subscription is cancelled.
     */
    private NullPointerException brokeRule213(String message) {
        NullPointerException violation = new NullPointerException(message);
        failAndCancel(violation);
        return violation;
    }

    /**
     * The publisher's {@code subscribe} threw (rule 1.9 has it return normally): the stream ends with what it threw,
     * which the loop raises as a JavaError, as it does {@code onError}; a subscription it gave is cancelled.
     */
    void subscribeThrew(Throwable thrown) {
        failAndCancel(thrown);
    }

    /**
     * Ends the stream with {@code cause}, after the elements that arrived before it, and cancels the subscription.
     * Nothing if the stream was over already.
     */
    private void failAndCancel(Throwable cause) {
        Value wake;
        Flow.Subscription toCancel;
        synchronized (this) {
            if (over()) {
                return;
            }
            failure = cause;
            wake = takeWaiting();
            toCancel = subscription;
        }
        if (toCancel != null) {
            toCancel.cancel(); // before the wake-up: the loop that raises the failure finds the subscription let go
        }
        wakeUp(wake);
    }

    /** The publisher's terminal signal: the stream failed with {@code throwable}, or completed (null). */
    private void end(Throwable throwable) {
        Value wake;
        synchronized (this) {
            if (over()) {
                return;
            }
            failure = throwable;
            completed = throwable == null;
            wake = takeWaiting();
        }
        wakeUp(wake);
    }

    /** Completed, failed or cancelled: nothing more arrives or is requested. Holds the lock. */
    private boolean over() {
        return completed || failure != null || cancelled;
    }

    /**
     * On the loop's thread, once Python has consumed the batch the last call gave it: the elements buffered since,
     * oldest first, at most half a window; an empty list when there are none yet ({@code future}, unless None, then
     * completes when there are, or the stream ends); null when the stream has ended ({@link #failure()} says how).
     * Python asks with None first and makes a future only when it has to wait.
     *
     * <p>What Python consumed is requested again first, and the batch taken after: a publisher that sends within
     * {@code request}, on this very thread, has its elements in this batch, and the loop needs no wake-up for them.
     * Half a window at most, so that the other half, requested before, can arrive while Python works through this one:
     * the next take finds it, and asks for more, before the buffer runs dry.
     */
    @HostAccess.Export
    public List<Object> take(Value future) {
        requestConsumed();
        synchronized (this) {
            if (!buffer.isEmpty()) {
                int size = Math.min(buffer.size(), refillAt);
                List<Object> batch = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    batch.add(buffer.poll());
                }
                lastBatch = size;
                return batch;
            }
            if (over()) {
                return null;
            }
            if (future != null && !future.isNull()) {
                waiting = future;
            }
            return List.of();
        }
    }

    /** Counts the last batch as consumed and, once that makes half a window, requests it again (outside the lock). */
    private void requestConsumed() {
        long request;
        Flow.Subscription toRequest;
        synchronized (this) {
            consumed += lastBatch;
            lastBatch = 0;
            if (consumed < refillAt || over() || subscription == null) {
                return;
            }
            request = consumed;
            inFlight += consumed;
            consumed = 0;
            toRequest = subscription;
        }
        toRequest.request(request); // the publisher may send on this very thread
    }

    /** How the stream failed ({@code onError}, or a broken rule), for Python to raise; null if it completed. */
    @HostAccess.Export
    public synchronized RaisedError failure() {
        return failure == null ? null : RaisedError.of(failure);
    }

    /**
     * The loop stopped reading ({@code aclose}, the reading tasks' end, a cancelled task): the subscription is
     * cancelled, and a take waiting for elements is woken to find the end. Idempotent.
     */
    @HostAccess.Export
    public void cancel() {
        Flow.Subscription toCancel;
        Value wake;
        synchronized (this) {
            if (over()) {
                cancelled = true;
                return;
            }
            cancelled = true;
            buffer.clear();
            wake = takeWaiting();
            toCancel = subscription;
        }
        wakeUp(wake);
        if (toCancel != null) {
            toCancel.cancel();
        }
    }

    /** True once the subscription was cancelled from Python's side. */
    @HostAccess.Export
    public synchronized boolean wasCancelled() {
        return cancelled && failure == null && !completed;
    }

    private Value takeWaiting() {
        Value future = waiting;
        waiting = null;
        return future;
    }

    private void wakeUp(Value future) {
        FutureCompletion.wake(selector, future);
    }
}
