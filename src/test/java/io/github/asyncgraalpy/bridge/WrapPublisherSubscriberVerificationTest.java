package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Value;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK's subscriber verification (black box) for the subscriber behind {@code async for} over a
 * Java publisher: each subscriber under test is the one {@code asyncgraalpy.wrap_publisher} subscribed for a real
 * {@code async for} loop running on an {@link AsyncioLoopThread}; the TCK then signals it directly.
 */
public class WrapPublisherSubscriberVerificationTest extends FlowSubscriberBlackboxVerification<Integer> {

    private PythonContext python;
    private AsyncioLoopThread loop;
    private Value drain;

    public WrapPublisherSubscriberVerificationTest() {
        super(PythonPublisherVerificationTest.ENVIRONMENT);
    }

    @BeforeClass
    public void startLoop() {
        python = GraalPyRuntime.shared().newContext();
        loop = AsyncioLoopThread.start(python);
        drain = python.runScript(String.join("\n",
                "async def drain(publisher):",
                "    async for _ in publisher:",
                "        pass"), "tck.py").getHashValue("drain");
    }

    @AfterClass(alwaysRun = true)
    public void stopLoop() {
        if (loop != null) {
            loop.close();
        }
        if (python != null) {
            python.close();
        }
    }

    @Override
    public Flow.Subscriber<Integer> createFlowSubscriber() {
        // A publisher that only hands over whoever subscribes: the async for loop's own subscriber.
        CompletableFuture<Flow.Subscriber<? super Integer>> subscribed = new CompletableFuture<>();
        Flow.Publisher<Integer> handOver = subscribed::complete;
        loop.submit(python.call(drain, handOver));
        try {
            @SuppressWarnings("unchecked")
            Flow.Subscriber<Integer> subscriber = (Flow.Subscriber<Integer>) subscribed.get(10, TimeUnit.SECONDS);
            return subscriber;
        } catch (Exception e) {
            throw new AssertionError("the async for loop did not subscribe", e);
        }
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
