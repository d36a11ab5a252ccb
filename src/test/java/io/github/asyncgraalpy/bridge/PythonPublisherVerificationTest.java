package io.github.asyncgraalpy.bridge;

import java.util.concurrent.Flow;
import org.graalvm.polyglot.Value;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK's publisher verification for {@link PythonPublisher}: a Python async generator of {@code n}
 * numbers, published from an {@link AsyncioLoopThread}. TestNG runs it (on the JUnit Platform, through TestNG's
 * engine); the rules it skips say why in their skip message (they are optional and this publisher does not claim them,
 * or the TCK itself leaves them untested).
 */
public class PythonPublisherVerificationTest extends FlowPublisherVerification<Value> {

    /**
     * Generous for the interpreter on a small machine; the waits for "no signal" use the shorter one. The TCK's
     * {@code expectError} sleeps one poll interval, then fails if the error has not come (its loop never polls twice),
     * and the default interval is the whole timeout: 5 s for each rule-3.9 test although the error comes within
     * milliseconds. One second still leaves the loop thread a thousand times what it needs.
     */
    static final TestEnvironment ENVIRONMENT = new TestEnvironment(5_000, 300, 1_000);

    private TckLoop tck;
    private Value numbers;
    private Value failing;

    public PythonPublisherVerificationTest() {
        super(ENVIRONMENT, 2_000);
    }

    @BeforeClass
    public void startLoop() {
        tck = new TckLoop();
        Value namespace = tck.python.runScript(String.join("\n",
                "import functools",
                "async def count_to(n):",
                "    i = 0",
                "    while i < n:",
                "        yield i",
                "        i += 1",
                "def numbers(n):",
                "    return functools.partial(count_to, n)",
                "def failing():",
                "    raise ValueError('no numbers today')"), "tck.py");
        numbers = namespace.getHashValue("numbers");
        failing = namespace.getHashValue("failing");
    }

    @AfterClass(alwaysRun = true)
    public void stopLoop() {
        if (tck != null) {
            tck.close();
        }
    }

    @Override
    public Flow.Publisher<Value> createFlowPublisher(long elements) {
        // A function that makes the generator: every subscriber gets its own (rule 1.11's multi-subscribe holds).
        return PythonPublisher.of(tck.loop, tck.python.call(numbers, elements));
    }

    @Override
    public Flow.Publisher<Value> createFailedFlowPublisher() {
        // Making the generator fails: every subscriber gets onSubscribe, then onError, without asking for anything.
        return PythonPublisher.of(tck.loop, failing);
    }
}
