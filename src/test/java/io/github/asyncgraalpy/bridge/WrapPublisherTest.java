package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code async for} over a Java {@link Flow.Publisher}: demand in a window, the end, failures, letting go. */
@Timeout(120)
class WrapPublisherTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    /** {@code read(code, publisher)}: runs {@code async def main(p)} from {@code code} and answers what it returns. */
    private static Value read(String main, Object publisher) {
        Value namespace = python.run(String.join("\n",
                "import asyncio, contextlib",
                "from asyncgraalpy import wrap_publisher, JavaError",
                main,
                "def run(p):",
                "    return asyncio.run(main(p))"));
        return python.context().call(namespace.getHashValue("run"), publisher);
    }

    @Test
    void everyElementArrivesInOrderThenTheLoopEnds() {
        Value result = read(String.join("\n",
                "async def main(p):",
                "    return [x async for x in p]"), CountingPublisher.upTo(100));
        assertEquals(python.repr(python.run("r = list(range(100))", "r")), python.repr(result));
    }

    @Test
    void aPublisherOfTheJdkWorksToo() throws Exception {
        try (SubmissionPublisher<String> publisher = new SubmissionPublisher<>()) {
            Thread producer = new Thread(() -> {
                while (publisher.getNumberOfSubscribers() == 0) {
                    Thread.onSpinWait();
                }
                for (String word : List.of("one", "two", "three")) {
                    publisher.submit(word);
                }
                publisher.close();
            });
            producer.start();
            Value result = read(String.join("\n",
                    "async def main(p):",
                    "    return ' '.join([x async for x in p])"), publisher);
            producer.join(10_000);
            assertEquals("one two three", result.asString());
        }
    }

    @Test
    void neverMoreThanTheWindowIsRequestedAheadOfTheLoop() {
        CountingPublisher publisher = CountingPublisher.upTo(50);
        Value result = read(String.join("\n",
                "async def main(p):",
                "    consumed, ahead = 0, []",
                "    async for x in wrap_publisher(p, window=4):",
                "        consumed += 1",
                "        ahead.append(p.requested() - consumed)",
                "        await asyncio.sleep(0)",
                "    return max(ahead), consumed"), publisher);
        assertEquals("(3, 50)", python.repr(result), "at most window-1 requested beyond the element in hand");
        List<Long> requests = publisher.requests();
        assertEquals(4L, requests.get(0), "the first request is the window");
        assertTrue(requests.stream().allMatch(n -> n >= 2 && n <= 4), "then half a window or more at a time: " + requests);
    }

    @Test
    void aWindowOfOneRequestsOneAtATime() {
        CountingPublisher publisher = CountingPublisher.upTo(5);
        Value result = read(String.join("\n",
                "async def main(p):",
                "    return [x async for x in wrap_publisher(p, window=1)]"), publisher);
        assertEquals("[0, 1, 2, 3, 4]", python.repr(result));
        assertTrue(publisher.requests().stream().allMatch(n -> n == 1), publisher.requests().toString());
    }

    @Test
    void onErrorRaisesInTheLoopWithTheJavaClassAndMessage() {
        Value result = read(String.join("\n",
                "async def main(p):",
                "    seen = []",
                "    try:",
                "        async for x in p:",
                "            seen.append(x)",
                "    except JavaError as e:",
                "        return seen, e.java_class, e.java_message"), CountingPublisher.failingAfter(3));
        assertEquals("([0, 1, 2], 'java.lang.IllegalStateException', 'boom after 3')", python.repr(result));
    }

    @Test
    void aPublisherSendingMoreThanRequestedEndsTheLoopWithRule11() {
        Value result = read(String.join("\n",
                "async def main(p):",
                "    seen = []",
                "    try:",
                "        async for x in wrap_publisher(p, window=2):",
                "            seen.append(x)",
                "    except JavaError as e:",
                "        return seen == list(range(len(seen))) and len(seen) < 10, str(e), p.cancelled()"),
                CountingPublisher.overflowing(10));
        // The extra element is caught when it goes beyond what was requested by then: if the loop asked for more
        // meanwhile, it counts against that request and the overflow shows an element later.
        assertEquals("(True, 'java.lang.IllegalStateException: the publisher sent more elements than were requested"
                + " (rule 1.1)', True)", python.repr(result));
    }

    @Test
    void aPublisherSendingWithinRequestNeedsNoWakeUpOfTheLoop() {
        Map<Integer, CountingPublisher> publisher = Map.of(1, CountingPublisher.synchronousUpTo(100),
                16, CountingPublisher.synchronousUpTo(1000));
        Value result = read(String.join("\n",
                "class CountingSelects:",
                "    def __init__(self, selector):",
                "        self.selector, self.selects = selector, 0",
                "    def select(self, timeout=None):",
                "        self.selects += 1",
                "        return self.selector.select(timeout)",
                "    def __getattr__(self, name):",
                "        return getattr(self.selector, name)",
                "async def main(p):",
                "    loop = asyncio.get_running_loop()",
                "    loop._selector = counting = CountingSelects(loop._selector)",
                "    try:",
                "        total = 0",
                "        for window in (1, 16):  # 1: each take must request before it collects, or it finds nothing",
                "            async for x in wrap_publisher(p[window], window=window):",
                "                total += x",
                "        return total, counting.selects",
                "    finally:",
                "        loop._selector = counting.selector"), publisher);
        assertEquals("(504450, 0)", python.repr(result), "every batch was there when taken: the loop never waited");
    }

    @Test
    void anErrorAfterABatchRaisesOnlyOnceTheBatchIsRead() {
        Value result = read(String.join("\n",
                "async def main(p):",
                "    seen = []",
                "    try:",
                "        async for x in wrap_publisher(p, window=64):",
                "            seen.append(x)",
                "    except JavaError as e:",
                "        return seen, e.java_message"), CountingPublisher.synchronousFailingAfter(10));
        assertEquals("([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'boom after 10')", python.repr(result));
    }

    @Test
    void acloseWithinTheLoopBodyEndsTheLoopMidBatch() {
        CountingPublisher publisher = CountingPublisher.synchronousUpTo(1000);
        Value result = read(String.join("\n",
                "async def main(p):",
                "    elements = wrap_publisher(p, window=64)",
                "    seen = []",
                "    async for x in elements:",
                "        seen.append(x)",
                "        if x == 2:",
                "            await elements.aclose()",
                "    return seen, p.cancelled()"), publisher);
        assertEquals("([0, 1, 2], True)", python.repr(result), "the rest of the batch in hand is dropped");
    }

    @Test
    void acloseOfTheIteratorLetsGoMidBatch() {
        CountingPublisher publisher = CountingPublisher.synchronousUpTo(1000);
        Value result = read(String.join("\n",
                "async def main(p):",
                "    seen = []",
                "    async with contextlib.aclosing(aiter(p)) as elements:",
                "        async for x in elements:",
                "            seen.append(x)",
                "            if x == 2:",
                "                break",
                "    return seen, p.cancelled(), p.sent()"), publisher);
        assertEquals("([0, 1, 2], True, 16)", python.repr(result), "cancelled at the break, the window sent and no more");
    }

    @Test
    void asyncWithLetsGoAtTheBreak() {
        Value result = read(String.join("\n",
                "async def main(p):",
                "    async with wrap_publisher(p, window=8) as elements:",
                "        async for x in elements:",
                "            if x == 2:",
                "                break",
                "    return p.cancelled()"), CountingPublisher.upTo(1000));
        assertEquals("True", python.repr(result));
    }

    @Test
    void aBreakOrAnExceptionLetsGoWhenTheReadingTaskEndsAtTheLatest() {
        CountingPublisher broken = CountingPublisher.upTo(1000);
        CountingPublisher raised = CountingPublisher.upTo(1000);
        Value result = read(String.join("\n",
                "async def until_two(p):",
                "    async for x in p:",
                "        if x == 2:",
                "            break",
                "async def raising(p):",
                "    async for x in p:",
                "        raise ValueError(x)",
                "async def main(pair):",
                "    await asyncio.create_task(until_two(pair[0]))",
                "    try:",
                "        await asyncio.create_task(raising(pair[1]))",
                "    except ValueError:",
                "        pass",
                "    await asyncio.sleep(0)",
                "    return pair[0].cancelled(), pair[1].cancelled()"), List.of(broken, raised));
        assertEquals("(True, True)", python.repr(result));
        assertTrue(broken.sent() <= 16 && raised.sent() <= 16, "no more than the window was ever sent");
    }

    @Test
    void cancellingTheReadingTaskCancelsTheSubscription() {
        SilentPublisher silent = new SilentPublisher();
        Value result = read(String.join("\n",
                "async def main(p):",
                "    elements = wrap_publisher(p)  # made here: this task stays, only the reading task is cancelled",
                "    async def forever():",
                "        async for x in elements:",
                "            pass",
                "    task = asyncio.create_task(forever())",
                "    while not p.subscribed():",
                "        await asyncio.sleep(0.001)",
                "    task.cancel()",
                "    try:",
                "        await task",
                "    except asyncio.CancelledError:",
                "        return p.cancelled()"), silent);
        assertEquals("True", python.repr(result));
    }

    @Test
    void badArgumentsAreRefusedWithClearErrors() {
        Value result = read(String.join("\n",
                "async def main(p):",
                "    errors = []",
                "    for args, kwargs in [(('not a publisher',), {}), ((p,), {'window': 0}), ((p,), {'window': True}),",
                "                         ((p,), {'window': 1 << 20})]:",
                "        try:",
                "            wrap_publisher(*args, **kwargs)",
                "        except (TypeError, ValueError) as e:",
                "            errors.append(f'{type(e).__name__}: {e}')",
                "    return errors"), CountingPublisher.upTo(1));
        assertEquals("['TypeError: a java.util.concurrent.Flow.Publisher is required, got str',"
                + " 'ValueError: window must be an int from 1 to 65536, got 0',"
                + " 'ValueError: window must be an int from 1 to 65536, got True',"
                + " 'ValueError: window must be an int from 1 to 65536, got 1048576']", python.repr(result));
    }

    @Test
    void aNullElementEndsTheLoopWithRule213AndCancelsTheSubscription() {
        NullThenSilentPublisher publisher = new NullThenSilentPublisher();
        Value result = read(String.join("\n",
                "async def main(p):",
                "    seen = []",
                "    try:",
                "        async with asyncio.timeout(10):  # a loop left waiting for ever fails the test, not the build",
                "            async for x in p:",
                "                seen.append(x)",
                "    except JavaError as e:",
                "        async with asyncio.timeout(10):",
                "            while p.thrown() is None:  # set once onNext(null) has thrown to the publisher's thread",
                "                await asyncio.sleep(0.001)",
                "        return seen, str(e), p.cancelled(), p.thrown()"), publisher);
        assertEquals("(['before'], 'java.lang.NullPointerException: onNext(null): rule 2.13', True,"
                + " 'java.lang.NullPointerException: onNext(null): rule 2.13')", python.repr(result));
    }

    /** Sends one element, then {@code onNext(null)} (rule 2.13 broken), from a thread of its own, then nothing more. */
    public static final class NullThenSilentPublisher implements Flow.Publisher<Object> {
        private volatile boolean cancelled;
        private volatile String thrown;

        @Override
        public void subscribe(Flow.Subscriber<? super Object> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                private boolean sent;

                @Override
                public synchronized void request(long n) {
                    if (sent) {
                        return;
                    }
                    sent = true;
                    Thread sender = new Thread(() -> {
                        subscriber.onNext("before");
                        try {
                            subscriber.onNext(null);
                        } catch (NullPointerException expected) {
                            thrown = expected.toString();
                        }
                    }, "null then silent");
                    sender.setDaemon(true);
                    sender.start();
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }

        @org.graalvm.polyglot.HostAccess.Export
        public boolean cancelled() {
            return cancelled;
        }

        @org.graalvm.polyglot.HostAccess.Export
        public String thrown() {
            return thrown;
        }
    }

    @Test
    void aSubscribeThatThrowsEndsTheLoopWithAJavaErrorAndCancelsWhatItGave() {
        Value result = read(String.join("\n",
                "async def main(publishers):",
                "    outcomes = []",
                "    for p in publishers:",
                "        try:",
                "            async for x in p:",
                "                outcomes.append(x)",
                "        except JavaError as e:",
                "            outcomes.append((e.java_class, e.java_message, p.cancelled()))",
                "    return outcomes"), List.of(new ThrowingPublisher(false), new ThrowingPublisher(true)));
        assertEquals("[('java.lang.IllegalStateException', 'no subscribers today', False),"
                + " ('java.lang.IllegalStateException', 'no subscribers today', True)]", python.repr(result));
    }

    /** Its {@code subscribe} throws (rule 1.9 broken), after {@code onSubscribe} or before it. */
    public static final class ThrowingPublisher implements Flow.Publisher<Object> {
        private final boolean subscribeFirst;
        private volatile boolean cancelled;

        ThrowingPublisher(boolean subscribeFirst) {
            this.subscribeFirst = subscribeFirst;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super Object> subscriber) {
            if (subscribeFirst) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {
                        cancelled = true;
                    }
                });
            }
            throw new IllegalStateException("no subscribers today");
        }

        @org.graalvm.polyglot.HostAccess.Export
        public boolean cancelled() {
            return cancelled;
        }
    }

    /** Subscribes and then sends nothing: a loop over it waits until it is cancelled. */
    public static final class SilentPublisher implements Flow.Publisher<Object> {
        private volatile boolean subscribed;
        private volatile boolean cancelled;

        @Override
        public void subscribe(Flow.Subscriber<? super Object> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    subscribed = true;
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }

        @org.graalvm.polyglot.HostAccess.Export
        public boolean subscribed() {
            return subscribed;
        }

        @org.graalvm.polyglot.HostAccess.Export
        public boolean cancelled() {
            return cancelled;
        }
    }
}
