package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.bridge.PythonPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The first {@code count} elements of a Python async generator, taken by a Java {@link Flow.Subscriber} that asks for
 * {@link #BATCH} at a time and cancels once it has them (the generator is closed then). Python awaits it: it is a
 * {@link CompletableFuture} of the elements. Made by Python on asyncgraalpy's loop, which publishes the generator.
 */
public final class FirstElements extends CompletableFuture<List<Value>> implements Flow.Subscriber<Value> {

    /** How many elements it requests at a time. */
    public static final int BATCH = 3;

    private final int count;
    private final List<Value> taken = new ArrayList<>();
    private Flow.Subscription subscription;

    @HostAccess.Export
    public FirstElements(Value source, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be 1 or more, was " + count);
        }
        this.count = count;
        PythonPublisher.onRunningLoop(source).subscribe(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        subscription = newSubscription;
        subscription.request(Math.min(BATCH, count));
    }

    @Override
    public void onNext(Value element) {
        taken.add(element);
        if (taken.size() == count) {
            subscription.cancel();
            complete(List.copyOf(taken));
        } else if (taken.size() % BATCH == 0) {
            subscription.request(Math.min(BATCH, count - taken.size()));
        }
    }

    @Override
    public void onError(Throwable throwable) {
        completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        complete(List.copyOf(taken));
    }
}
