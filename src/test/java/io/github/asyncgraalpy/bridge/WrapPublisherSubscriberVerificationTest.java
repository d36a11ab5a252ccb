package io.github.asyncgraalpy.bridge;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK's subscriber verification (black box) for the subscriber behind {@code async for} over a
 * Java publisher: each subscriber under test is the one {@code asyncgraalpy.wrap_publisher} subscribed for a real
 * {@code async for} loop running on an {@link AsyncioLoopThread}; the TCK then signals it directly.
 */
public class WrapPublisherSubscriberVerificationTest extends FlowSubscriberBlackboxVerification<Integer> {

    private TckLoop tck;

    public WrapPublisherSubscriberVerificationTest() {
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
    public Flow.Subscriber<Integer> createFlowSubscriber() {
        return tck.asyncForSubscriber();
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
