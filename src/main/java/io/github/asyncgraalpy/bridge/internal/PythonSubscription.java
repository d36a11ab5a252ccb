package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.runtime.PythonException;
import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import java.util.concurrent.Flow;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * One Java subscriber's subscription to a Python async iterable, and the loop event that starts publishing it. A
 * Python task on the loop's thread (asyncgraalpy's {@code _streams._publish}) pulls an element from the iterable only
 * when there is demand for it and sends every signal from there, so the subscriber's methods are called one at a time,
 * on the loop's thread. {@link #request} and {@link #cancel} may come from any thread: they change the demand and post
 * to the loop's inbox, never entering Python. Not for user code.
 *
 * <p>Reactive Streams rules this class keeps: 3.6/3.7 (after cancel or the end, request and cancel do nothing), 3.9 (a
 * non-positive request ends the stream with {@link IllegalArgumentException}), 3.13 (cancel drops the subscriber),
 * 3.17 (demand adds up to {@link Long#MAX_VALUE} and then stays there).
 */
public final class PythonSubscription implements Flow.Subscription {

    private final PythonSourcePublisher publisher;
    private final JavaSelector selector;
    private Flow.Subscriber<? super Value> subscriber; // null once cancelled or ended (rule 3.13)
    private long demand;
    private Value waiting;       // the asyncio future the publishing task waits on for demand
    private Value task;          // the publishing task, once it runs
    private boolean cancelled;
    private IllegalArgumentException badRequest;
    private Throwable subscriberFailure;

    PythonSubscription(PythonSourcePublisher publisher, JavaSelector selector, Flow.Subscriber<? super Value> subscriber) {
        this.publisher = publisher;
        this.selector = selector;
        this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
        Value wake;
        synchronized (this) {
            if (subscriber == null || badRequest != null) {
                return;
            }
            if (n <= 0) {
                badRequest = new IllegalArgumentException("request(" + n + "): a subscriber must request a positive number of"
                        + " elements (Reactive Streams rule 3.9)");
            } else {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n; // rule 3.17: at most Long.MAX_VALUE, "unbounded"
            }
            wake = waiting;
            waiting = null;
        }
        if (wake != null) {
            selector.post(new FutureCompletion(wake, null, null));
        }
    }

    @Override
    public void cancel() {
        Value runningTask;
        Value wake;
        synchronized (this) {
            if (subscriber == null) {
                return;
            }
            subscriber = null;
            cancelled = true;
            runningTask = task;
            wake = waiting;
            waiting = null;
        }
        // The task's generator gets CancelledError where it waits, and is closed (its finally runs) on the loop's thread.
        if (runningTask != null) {
            selector.post(new TaskCancellation(runningTask));
        } else if (wake != null) {
            selector.post(new FutureCompletion(wake, null, null));
        }
    }

    // ---- Called by the publishing task, on the loop's thread ----

    /** The async iterable, or the function that makes one. */
    @HostAccess.Export
    public Value source() {
        return publisher.source();
    }

    /** True the first time for a publisher of one async iterable: only one subscriber may have it. */
    @HostAccess.Export
    public boolean claimSource() {
        return publisher.claimSource();
    }

    /** Signals {@code onSubscribe}; false if the subscriber has cancelled by then (nothing more to do). */
    @HostAccess.Export
    public boolean begin(Value publishingTask) {
        Flow.Subscriber<? super Value> target;
        synchronized (this) {
            task = publishingTask;
            target = subscriber;
        }
        if (target == null) {
            return false;
        }
        if (!signal(() -> target.onSubscribe(this))) {
            return false;
        }
        synchronized (this) {
            return subscriber != null;
        }
    }

    /**
     * How many elements the publishing task may produce now: the demand ({@code future} completes once there is some,
     * when it is 0), or -1 when the stream is over (cancelled, or a bad request just signalled).
     */
    @HostAccess.Export
    public long demand(Value future) {
        synchronized (this) {
            if (subscriber != null && badRequest == null) {
                if (demand == 0) {
                    waiting = future;
                }
                return demand;
            }
        }
        endOnBadRequest();
        return -1;
    }

    /** Signals {@code onNext}; false if the stream is over (cancelled, even from within onNext, a bad request, a subscriber that threw). */
    @HostAccess.Export
    public boolean emit(Value element) {
        Flow.Subscriber<? super Value> target;
        synchronized (this) {
            target = badRequest == null ? subscriber : null;
            if (target != null && demand != Long.MAX_VALUE) {
                demand--;
            }
        }
        if (target == null) {
            endOnBadRequest();
            return false;
        }
        if (!signal(() -> target.onNext(element))) {
            return false;
        }
        synchronized (this) {
            return subscriber != null; // a cancel from within onNext: not one element more
        }
    }

    /** The iterable is exhausted: {@code onComplete}. */
    @HostAccess.Export
    public void complete() {
        Flow.Subscriber<? super Value> target = end();
        if (target != null) {
            signal(target::onComplete);
        }
    }

    /** The iterable raised (or the loop closed under it): {@code onError} with a {@link PythonException}. */
    @HostAccess.Export
    public void fail(String pythonType, String message, String traceback) {
        Flow.Subscriber<? super Value> target = end();
        if (target != null) {
            PythonException error = new PythonException(pythonType, message, traceback, null);
            signal(() -> target.onError(error));
        }
    }

    /** Ends the stream with {@code onError(IllegalStateException(reason))}: the source cannot serve this subscriber. */
    @HostAccess.Export
    public void refuse(String reason) {
        Flow.Subscriber<? super Value> target = end();
        if (target != null) {
            signal(() -> target.onError(new IllegalStateException(reason)));
        }
    }

    /** What the subscriber threw from one of its methods (rule 2.13 forbids it), once; null if it did not. */
    @HostAccess.Export
    public synchronized String takeSubscriberFailure() {
        Throwable failure = subscriberFailure;
        subscriberFailure = null;
        return failure == null ? null : failure.toString();
    }

    private void endOnBadRequest() {
        IllegalArgumentException error;
        Flow.Subscriber<? super Value> target;
        synchronized (this) {
            error = badRequest;
            target = error == null ? null : subscriber;
            if (target != null) {
                subscriber = null;
            }
        }
        if (target != null) {
            signal(() -> target.onError(error));
        }
    }

    private synchronized Flow.Subscriber<? super Value> end() {
        Flow.Subscriber<? super Value> target = subscriber;
        subscriber = null;
        return target;
    }

    /** Calls the subscriber; one that throws has broken rule 2.13, and its subscription is cancelled. */
    private boolean signal(Runnable call) {
        try {
            call.run();
            return true;
        } catch (RuntimeException | Error thrown) {
            synchronized (this) {
                subscriber = null;
                cancelled = true;
                subscriberFailure = thrown;
            }
            return false;
        }
    }

    /** True once cancelled by the subscriber (or by one of its methods throwing). */
    public synchronized boolean isCancelled() {
        return cancelled;
    }
}
