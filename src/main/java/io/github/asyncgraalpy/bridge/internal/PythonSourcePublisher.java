package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Value;

/**
 * A Python async iterable (or a function that makes one per subscriber) published to Java subscribers through the
 * event loop that owns {@code selector}: every subscription is a {@link PythonSubscription} started on the loop's
 * thread. Not for user code: Java gets one from {@code PythonPublisher}, Python from {@code asyncgraalpy.as_publisher}.
 */
public final class PythonSourcePublisher implements Flow.Publisher<Value> {

    private final Value source;
    private final JavaSelector selector;
    private final AtomicBoolean claimed = new AtomicBoolean();

    public PythonSourcePublisher(Value source, JavaSelector selector) {
        this.source = Objects.requireNonNull(source, "source");
        this.selector = Objects.requireNonNull(selector, "selector");
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Value> subscriber) {
        Objects.requireNonNull(subscriber, "subscribe(null): Reactive Streams rule 1.9");
        PythonSubscription subscription = new PythonSubscription(this, selector, subscriber);
        if (!selector.post(subscription)) {
            // Rule 1.9: onSubscribe comes first, even for a subscriber that is refused.
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("the asyncio loop of this publisher has closed"));
        }
    }

    Value source() {
        return source;
    }

    boolean claimSource() {
        return claimed.compareAndSet(false, true);
    }
}
