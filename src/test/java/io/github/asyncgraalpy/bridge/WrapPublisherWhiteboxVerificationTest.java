package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import io.github.asyncgraalpy.bridge.internal.PublisherReader;
import org.graalvm.polyglot.Value;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;
import org.reactivestreams.tck.flow.FlowSubscriberWhiteboxVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK's subscriber verification (white box) for the subscriber behind {@code async for}: the
 * probe sees every signal the {@code async for} loop's subscriber receives. The puppet's {@code triggerRequest} asks
 * the loop to read the elements it has been sent; the subscriber itself requests (its window at first, then again as
 * the loop consumes), as it would for any publisher.
 */
public class WrapPublisherWhiteboxVerificationTest extends FlowSubscriberWhiteboxVerification<Integer> {

    private PythonContext python;
    private AsyncioLoopThread loop;
    private Value drain;

    public WrapPublisherWhiteboxVerificationTest() {
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
    protected Flow.Subscriber<Integer> createFlowSubscriber(WhiteboxSubscriberProbe<Integer> probe) {
        CompletableFuture<Flow.Subscriber<? super Integer>> subscribed = new CompletableFuture<>();
        Flow.Publisher<Integer> handOver = subscribed::complete;
        loop.submit(python.call(drain, handOver));
        Flow.Subscriber<? super Integer> reader;
        try {
            reader = subscribed.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the async for loop did not subscribe", e);
        }
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
                        ((PublisherReader) reader).cancel();
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
