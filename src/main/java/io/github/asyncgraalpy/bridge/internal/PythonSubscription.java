package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.runtime.PythonException;
import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * One Java subscriber's subscription to a Python async iterable, and the loop event that starts publishing it. A
 * Python task on the loop's thread (asyncgraalpy's {@code _streams._publish}) pulls an element from the iterable only
 * when there is demand for it and sends every signal from there. {@link #request} and {@link #cancel} may come from
 * any thread: they change the demand and post to the loop's inbox, never entering Python. Not for user code.
 *
 * <p>The protocol is kept here, not in Python, as a script can reach this object and call its exported methods in any
 * order, from any of its tasks: {@code onSubscribe} is signalled once and first ({@link #begin}); an {@code onNext}
 * without demand, before {@code begin}, after the end or from another thread than the one that began is refused; one
 * terminal signal at most. So whatever Python does, the subscriber sees Reactive Streams rules 1.1, 1.3, 1.6, 1.7 and
 * 1.9 kept. Also kept: 3.6/3.7 (after the end, request and cancel do nothing), 3.9 (a non-positive request ends the
 * stream with {@link IllegalArgumentException}), 3.13 (the end drops the subscriber), 3.17 (demand adds up to
 * {@link Long#MAX_VALUE} and then stays there).
 */
public final class PythonSubscription implements Flow.Subscription {

    private final PythonSourcePublisher publisher;
    private final JavaSelector selector;
    private volatile Flow.Subscriber<? super Value> subscriber; // null once cancelled or ended (rule 3.13)
    private long demand;
    private Value waiting;       // the asyncio future the publishing task waits on for demand
    private Value task;          // the publishing task, once it began
    private Thread signalling;   // the loop's thread, once it began: the only one that may signal
    private boolean begun;
    private boolean inSignal;    // a signal runs now (read and written on the signalling thread only): see signal()
    private volatile IllegalArgumentException badRequest;
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
                demand = n > Long.MAX_VALUE - demand ? Long.MAX_VALUE : demand + n; // rule 3.17: MAX_VALUE is "unbounded"
            }
            wake = waiting;
            waiting = null;
        }
        wakeUp(wake);
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
            runningTask = task;
            wake = waiting;
            waiting = null;
        }
        // The task's generator gets CancelledError where it waits, and is closed (its finally runs) on the loop's thread.
        if (runningTask != null) {
            selector.post(new TaskCancellation(runningTask));
        } else {
            wakeUp(wake);
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

    /**
     * Signals {@code onSubscribe}, once: false if it was signalled before, or the subscriber has cancelled by then
     * (nothing more to do). The calling thread becomes the only one that may signal.
     */
    @HostAccess.Export
    public boolean begin(Value publishingTask) {
        Flow.Subscriber<? super Value> target;
        synchronized (this) {
            if (begun) {
                return false;
            }
            begun = true;
            task = publishingTask;
            signalling = Thread.currentThread();
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
     * How many elements the publishing task may produce now: the demand ({@code future}, unless None, completes once
     * there is some, when it is 0), or -1 when the stream is over (never begun here, cancelled, ended, or a bad request
     * just signalled). The task asks with None first, and makes a future only when it has to wait.
     */
    @HostAccess.Export
    public long demand(Value future) {
        synchronized (this) {
            if (mayProduce()) {
                if (demand == 0 && future != null && !future.isNull()) {
                    waiting = future;
                }
                return demand;
            }
        }
        endOnBadRequest(); // signals only for a bad request, and only on the thread that began
        return -1;
    }

    /**
     * Signals {@code onNext} if there is demand for it; false, signalling nothing, if the stream is over (cancelled, even
     * from within onNext, a bad request, a subscriber that threw) or there is no demand.
     */
    @HostAccess.Export
    public boolean emit(Value element) {
        Flow.Subscriber<? super Value> target;
        synchronized (this) {
            if (!mayProduce() || demand == 0) {
                target = null;
            } else {
                target = subscriber;
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
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

    /**
     * {@code onNext} for each element of {@code batch}, a Python list, in order: one host call for what the publishing
     * task drained from its source while there was demand. Java reads the list element by element
     * ({@link Value#getArrayElement}), each element's {@code Value} made just before its {@code onNext}: about half
     * what converting the same batch as the arguments of a varargs call cost per element (StreamProbe's
     * {@code py-half-list-1024} against {@code py-half-varargs-1024}). The demand for the whole batch is taken at once;
     * a batch beyond the demand, or a stream over, goes element by element through {@link #emit}, which delivers what
     * the demand allows. Stops at the first element not delivered (a cancel from within {@code onNext} or from another
     * thread, a subscriber that threw, a {@code request(0)}) and returns -1 then: the elements after it are dropped,
     * never sent. Otherwise returns the demand left, as {@link #demand} would (a subscriber that requests from within
     * {@code onNext} has its next batch's demand there), so that the task needs no host call of its own to ask for it.
     */
    @HostAccess.Export
    public long emitList(Value batch) {
        if (batch == null || !batch.hasArrayElements()) {
            throw new IllegalArgumentException("emitList takes a list of the elements to signal, not " + batch);
        }
        long size = batch.getArraySize();
        Flow.Subscriber<? super Value> target = null;
        synchronized (this) {
            if (mayProduce() && demand >= size) {
                target = subscriber;
                if (demand != Long.MAX_VALUE) {
                    demand -= size;
                }
            }
        }
        boolean delivered = target == null ? emitEach(batch, size) : signalAll(target, batch, size);
        return delivered ? demand(null) : -1;
    }

    /**
     * The batch's demand taken: onNext for each element until the subscriber cancels, throws or requests 0, or the
     * stream ends. Reading an element may run the script's own {@code __getitem__}, which may end the stream
     * ({@code complete}, {@code fail}): so the check comes again between reading an element and signalling it.
     */
    private boolean signalAll(Flow.Subscriber<? super Value> target, Value batch, long size) {
        for (long i = 0; i < size; i++) {
            Value element = batch.getArrayElement(i);
            if (stopped(target)) {
                return false;
            }
            signal(() -> target.onNext(element));
            if (stopped(target)) {
                return false;
            }
        }
        return true;
    }

    /** Cancelled (from within onNext or not), it threw, a request(0) came, or the stream ended: not one element more. */
    private boolean stopped(Flow.Subscriber<? super Value> target) {
        if (subscriber != target || badRequest != null) {
            endOnBadRequest();
            return true;
        }
        return false;
    }

    private boolean emitEach(Value batch, long size) {
        for (long i = 0; i < size; i++) {
            if (!emit(batch.getArrayElement(i))) {
                return false;
            }
        }
        return true;
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

    /**
     * The publishing task ends without having served this subscription to its end: cancelled (the loop closing under
     * it, or a script), or never run (the loop closed first): {@code onSubscribe} if it never came, then
     * {@code onError(CancellationException)}. Nothing after the subscriber's own cancel. Idempotent; from the loop's
     * thread.
     */
    @HostAccess.Export
    public void abandon() {
        Flow.Subscriber<? super Value> target;
        boolean subscribe;
        synchronized (this) {
            if (begun && (!onSignallingThread() || inSignal)) {
                return;
            }
            subscribe = !begun;
            begun = true;
            signalling = Thread.currentThread();
            target = subscriber;
            subscriber = null;
        }
        if (target == null) {
            return;
        }
        if (subscribe && !signal(() -> target.onSubscribe(this))) {
            return;
        }
        signal(() -> target.onError(new CancellationException("the asyncio task publishing this stream was cancelled or never ran:"
                + " its loop has closed")));
    }

    /** What the subscriber threw from one of its methods (rule 2.13 forbids it), once; null if it did not. */
    @HostAccess.Export
    public synchronized String takeSubscriberFailure() {
        Throwable failure = subscriberFailure;
        subscriberFailure = null;
        return failure == null ? null : failure.toString();
    }

    /** Begun on this thread, not over, no bad request pending. Holds the lock. */
    private boolean mayProduce() {
        return begun && subscriber != null && badRequest == null && onSignallingThread() && !inSignal;
    }

    private boolean onSignallingThread() {
        return signalling == Thread.currentThread();
    }

    private void endOnBadRequest() {
        IllegalArgumentException error;
        Flow.Subscriber<? super Value> target;
        synchronized (this) {
            error = badRequest;
            target = error != null && begun && onSignallingThread() && !inSignal ? subscriber : null;
            if (target != null) {
                subscriber = null;
            }
        }
        if (target != null) {
            signal(() -> target.onError(error));
        }
    }

    /** The subscriber for the one terminal signal, if this thread may send it; null otherwise. */
    private synchronized Flow.Subscriber<? super Value> end() {
        if (!begun || !onSignallingThread() || inSignal) {
            return null;
        }
        Flow.Subscriber<? super Value> target = subscriber;
        subscriber = null;
        return target;
    }

    private void wakeUp(Value future) {
        FutureCompletion.wake(selector, future);
    }

    /**
     * Calls the subscriber; one that throws has broken rule 2.13, and its subscription is cancelled. While it runs, no
     * other signal may start (rule 1.3: signals are serial): a subscriber whose {@code onNext} calls back into Python
     * (an element's {@code __repr__} from its {@code toString}, say) may reach this subscription's exported methods,
     * and an {@code emit}, {@code emitList}, {@code complete}, {@code fail}, {@code refuse} or {@code abandon} from
     * there is refused as after the end (false, -1, or nothing), never a signal within a signal.
     */
    private boolean signal(Runnable call) {
        inSignal = true;
        try {
            call.run();
            return true;
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (RuntimeException | Error thrown) {
            synchronized (this) {
                subscriber = null;
                subscriberFailure = thrown;
            }
            return false;
        } finally {
            inSignal = false;
        }
    }
}
