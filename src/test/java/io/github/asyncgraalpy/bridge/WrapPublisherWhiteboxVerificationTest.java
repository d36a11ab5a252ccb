package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.bridge.internal.PublisherReader;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;
import org.reactivestreams.tck.flow.FlowSubscriberWhiteboxVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK's subscriber verification (white box) for the subscriber behind {@code async for}: the
 * probe sees every signal the {@code async for} loop's subscriber receives. The puppet's {@code triggerRequest} does
 * nothing: the subscriber requests by itself (its window at first, then again as the loop consumes), as it would for
 * any publisher; its {@code signalCancel} is what leaving the loop does.
 */
public class WrapPublisherWhiteboxVerificationTest extends FlowSubscriberWhiteboxVerification<Integer> {

    private TckLoop tck;

    public WrapPublisherWhiteboxVerificationTest() {
        super(PythonPublisherVerificationTest.ENVIRONMENT);
    }

    @BeforeClass
    public void startLoop() {
        tck = new TckLoop();
    }

    @AfterClass(alwaysRun = true)
    public void stopLoop() {
        if (tck != null) {
            tck.close();
        }
    }

    @Override
    protected Flow.Subscriber<Integer> createFlowSubscriber(WhiteboxSubscriberProbe<Integer> probe) {
        Flow.Subscriber<Integer> reader = tck.asyncForSubscriber();
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                reader.onSubscribe(subscription);
                probe.registerOnSubscribe(new SubscriberPuppet() {
                    @Override
                    public void triggerRequest(long elements) {
                        // The loop reads whatever arrives: its demand follows what it consumes, not a command.
                    }

                    @Override
                    public void signalCancel() {
                        // What a break, an exception or a cancelled task does to the loop's subscriber.
                        ((PublisherReader) (Object) reader).cancel();
                    }
                });
            }

            @Override
            public void onNext(Integer element) {
                reader.onNext(element);
                probe.registerOnNext(element);
            }

            @Override
            public void onError(Throwable throwable) {
                reader.onError(throwable);
                probe.registerOnError(throwable);
            }

            @Override
            public void onComplete() {
                reader.onComplete();
                probe.registerOnComplete();
            }
        };
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
