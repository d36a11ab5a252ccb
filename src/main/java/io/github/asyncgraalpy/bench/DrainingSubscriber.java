package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.bridge.PythonPublisher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * A Java subscriber that counts the elements of a Python async iterable, requesting {@code batch} more each time it
 * has received a batch; Python awaits the count.
 */
public final class DrainingSubscriber extends CompletableFuture<Long> implements Flow.Subscriber<Value> {

    private final long batch;
    private Flow.Subscription subscription;
    private long received;

    /** What Python calls to drain a source (the bench package is not Python's to look up). */
    public static final class Factory {
        @HostAccess.Export
        public DrainingSubscriber drain(Value source, int batch) {
            return new DrainingSubscriber(source, batch);
        }
    }

    private DrainingSubscriber(Value source, int batch) {
        this.batch = batch;
        PythonPublisher.onRunningLoop(source).subscribe(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        subscription = newSubscription;
        subscription.request(batch);
    }

    @Override
    public void onNext(Value element) {
        if (++received % batch == 0) {
            subscription.request(batch);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        complete(received);
    }
}
