package io.github.asyncgraalpy.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Value;

/**
 * A subscriber for tests: every signal becomes a line ({@code "next 3"}, {@code "complete"},
 * {@code "error java.lang.IllegalStateException: …"}) to wait for, and the threads it came on are kept.
 */
class RecordingSubscriber implements Flow.Subscriber<Value> {

    private final long initialRequest;
    private final LinkedBlockingQueue<String> signals = new LinkedBlockingQueue<>();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    volatile Flow.Subscription subscription;
    volatile Throwable error;

    RecordingSubscriber(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    /** Where a test's failure message finds Python's stderr. */
    static java.util.function.Supplier<String> stderr = () -> "";

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        threads.add(Thread.currentThread().getName());
        subscription = newSubscription;
        signals.add("subscribe");
        if (initialRequest > 0) {
            newSubscription.request(initialRequest);
        }
    }

    @Override
    public void onNext(Value element) {
        threads.add(Thread.currentThread().getName());
        signals.add("next " + (element.isString() ? "'" + element.asString() + "'" : element.toString()));
    }

    @Override
    public void onError(Throwable throwable) {
        threads.add(Thread.currentThread().getName());
        error = throwable;
        signals.add("error " + throwable);
    }

    @Override
    public void onComplete() {
        threads.add(Thread.currentThread().getName());
        signals.add("complete");
    }

    /** The next signal, waiting up to 30 s for it. */
    String next() throws InterruptedException {
        String signal = signals.poll(10, TimeUnit.SECONDS);
        if (signal == null) {
            throw new AssertionError("no signal within 10 s; Python's stderr: " + stderr.get());
        }
        return signal;
    }

    /** The next {@code n} signals. */
    List<String> next(int n) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            taken.add(next());
        }
        return taken;
    }

    /** True when no signal arrives within {@code quiet}. */
    boolean quietFor(Duration quiet) throws InterruptedException {
        String signal = signals.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        if (signal != null) {
            throw new AssertionError("expected no signal, got: " + signal);
        }
        return true;
    }
}
