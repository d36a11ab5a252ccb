package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.bridge.internal.PythonSourcePublisher;
import io.github.asyncgraalpy.runtime.PythonException;
import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Python async generators as {@link Flow.Publisher}s: driven by demand, closed by cancel, failures as onError. */
@Timeout(120)
class PythonPublisherTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static AsyncioLoopThread loop;
    private static Value namespace;

    @BeforeAll
    static void startLoop() {
        loop = AsyncioLoopThread.start(python.context());
        RecordingSubscriber.stderr = python::stderr;
        namespace = python.run(String.join("\n",
                "import asyncio",
                "log = []",
                "async def numbers(n):",
                "    try:",
                "        for i in range(n):",
                "            log.append(f'produce {i}')",
                "            yield i",
                "        log.append('exhausted')",
                "    finally:",
                "        log.append('finally')",
                "async def slow():",
                "    try:",
                "        yield 'first'",
                "        log.append('waiting')",
                "        await asyncio.sleep(3600)",
                "        yield 'never'",
                "    finally:",
                "        log.append('finally')",
                "async def failing():",
                "    yield 1",
                "    raise ValueError('bad element')",
                "async def failing_after(n):",
                "    for i in range(n):",
                "        yield i",
                "    raise ValueError(f'after {n}')",
                "async def mixed():",
                "    try:",
                "        for x in [1, 2, 'three', 4, 5]:",
                "            log.append(f'produce {x}')",
                "            yield x",
                "    finally:",
                "        log.append('finally')",
                "class Plain:",
                "    def __init__(self):",
                "        self.i = 0",
                "    def __aiter__(self):",
                "        return self",
                "    async def __anext__(self):",
                "        self.i += 1",
                "        if self.i > 2:",
                "            raise StopAsyncIteration",
                "        return self.i"));
    }

    @AfterAll
    static void stopLoop() {
        loop.close();
    }

    private static Value call(String function, Object... arguments) {
        return python.context().call(namespace.getHashValue(function), arguments);
    }

    private static List<String> log() throws Exception {
        // The log is read on the loop's thread, after what it has queued so far.
        return loop.submit(python.run("async def read_log(log):\n    return list(log)", "read_log")
                .execute(namespace.getHashValue("log"))).get(30, TimeUnit.SECONDS).as(List.class);
    }

    private static void clearLog() {
        namespace.getHashValue("log").invokeMember("clear");
    }

    @Test
    void elementsAreProducedOnlyAsRequestedThenTheSubscriberCompletes() throws Exception {
        clearLog();
        RecordingSubscriber subscriber = new RecordingSubscriber(2);
        PythonPublisher.of(loop, call("numbers", 5)).subscribe(subscriber);
        assertEquals(List.of("subscribe", "next 0", "next 1"), subscriber.next(3));
        assertTrue(subscriber.quietFor(Duration.ofMillis(200)));
        assertEquals(List.of("produce 0", "produce 1"), log(), "nothing produced beyond the demand");
        subscriber.subscription.request(10);
        assertEquals(List.of("next 2", "next 3", "next 4", "complete"), subscriber.next(4));
        assertEquals(List.of("produce 0", "produce 1", "produce 2", "produce 3", "produce 4", "exhausted", "finally"), log());
        assertEquals(Set.of("asyncio loop"), subscriber.threads, "every signal from the loop's thread");
    }

    @Test
    void cancelClosesTheGeneratorWaitingForDemand() throws Exception {
        clearLog();
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        PythonPublisher.of(loop, call("numbers", 5)).subscribe(subscriber);
        assertEquals(List.of("subscribe", "next 0"), subscriber.next(2));
        subscriber.subscription.cancel();
        assertEquals(List.of("produce 0", "finally"), awaitLog(2));
        assertTrue(subscriber.quietFor(Duration.ofMillis(100)), "nothing after cancel");
    }

    @Test
    void cancelThrowsIntoTheGeneratorWhereItWaits() throws Exception {
        clearLog();
        RecordingSubscriber subscriber = new RecordingSubscriber(2);
        PythonPublisher.of(loop, call("slow")).subscribe(subscriber);
        assertEquals(List.of("subscribe", "next 'first'"), subscriber.next(2));
        assertEquals(List.of("waiting"), awaitLog(1));
        subscriber.subscription.cancel();
        assertEquals(List.of("waiting", "finally"), awaitLog(2));
        assertTrue(subscriber.quietFor(Duration.ofMillis(100)), "a cancelled subscriber hears nothing, not even the CancelledError");
    }

    @Test
    void anExceptionInTheGeneratorIsOnErrorWithThePythonException() throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber(Long.MAX_VALUE);
        PythonPublisher.of(loop, call("failing")).subscribe(subscriber);
        assertEquals(List.of("subscribe", "next 1"), subscriber.next(2));
        assertTrue(subscriber.next().startsWith("error "));
        PythonException error = (PythonException) subscriber.error;
        assertEquals("ValueError", error.pythonType());
        assertEquals("bad element", error.pythonMessage());
    }

    @Test
    void aNonPositiveRequestIsOnErrorWithIllegalArgumentExceptionAndClosesTheGenerator() throws Exception {
        clearLog();
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        PythonPublisher.of(loop, call("numbers", 5)).subscribe(subscriber);
        assertEquals(List.of("subscribe", "next 0"), subscriber.next(2));
        subscriber.subscription.request(0);
        assertEquals("error java.lang.IllegalArgumentException: request(0): a subscriber must request a positive number of"
                + " elements (Reactive Streams rule 3.9)", subscriber.next());
        assertEquals(List.of("produce 0", "finally"), awaitLog(2));
        subscriber.subscription.request(5);
        assertTrue(subscriber.quietFor(Duration.ofMillis(100)), "nothing after the end");
    }

    @Test
    void aPublisherOfOneIterableRefusesASecondSubscriber() throws Exception {
        Flow.Publisher<Value> publisher = PythonPublisher.of(loop, call("Plain"));
        RecordingSubscriber first = new RecordingSubscriber(10);
        RecordingSubscriber second = new RecordingSubscriber(10);
        publisher.subscribe(first);
        assertEquals(List.of("subscribe", "next 1", "next 2", "complete"), first.next(4));
        publisher.subscribe(second);
        assertEquals(List.of("subscribe", "error java.lang.IllegalStateException: this publisher's async iterable already has"
                + " its subscriber; publish a function that makes one to serve every subscriber its own"), second.next(2));
    }

    @Test
    void aPublisherOfAFunctionServesEverySubscriberItsOwnIterable() throws Exception {
        Flow.Publisher<Value> publisher = PythonPublisher.of(loop, namespace.getHashValue("Plain"));
        for (int i = 0; i < 2; i++) {
            RecordingSubscriber subscriber = new RecordingSubscriber(10);
            publisher.subscribe(subscriber);
            assertEquals(List.of("subscribe", "next 1", "next 2", "complete"), subscriber.next(4));
        }
    }

    @Test
    void aSubscriberThatThrowsIsCancelledAndTheLoopHearsOfIt() throws Exception {
        clearLog();
        CompletableFuture<Void> thrown = new CompletableFuture<>();
        RecordingSubscriber subscriber = new RecordingSubscriber(3) {
            @Override
            public void onNext(Value element) {
                thrown.complete(null);
                throw new IllegalStateException("subscriber bug");
            }
        };
        PythonPublisher.of(loop, call("numbers", 5)).subscribe(subscriber);
        thrown.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("produce 0", "produce 1", "produce 2", "finally"), awaitLog(4),
                "the demand's batch, then the generator is closed");
        assertEquals("subscribe", subscriber.next());
        assertTrue(subscriber.quietFor(Duration.ofMillis(100)), "not one element after the one that threw");
    }

    @Test
    void anElementTheSubscriberCannotConvertEndsTheBatchThere() throws Exception {
        clearLog();
        RecordingSubscriber subscriber = new RecordingSubscriber(16) {
            @Override
            public void onNext(Value element) {
                super.onNext(Value.asValue(element.asInt())); // a ClassCastException for 'three': rule 2.13 broken
            }
        };
        PythonPublisher.of(loop, call("mixed")).subscribe(subscriber);
        assertEquals(List.of("subscribe", "next 1", "next 2"), subscriber.next(3));
        assertEquals(List.of("produce 1", "produce 2", "produce three", "produce 4", "produce 5", "finally"), awaitLog(6));
        assertTrue(subscriber.quietFor(Duration.ofMillis(100)), "neither 4 nor 5 after the element that failed");
    }

    @Test
    void anErrorMidBatchComesAfterTheElementsBeforeIt() throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber(16);
        PythonPublisher.of(loop, call("failing_after", 5)).subscribe(subscriber);
        assertEquals(List.of("subscribe", "next 0", "next 1", "next 2", "next 3", "next 4"), subscriber.next(6));
        assertTrue(subscriber.next().startsWith("error "));
        assertEquals("after 5", ((PythonException) subscriber.error).pythonMessage());
    }

    @Test
    void subscribingNullIsRefusedAtOnce() {
        Flow.Publisher<Value> publisher = PythonPublisher.of(loop, call("numbers", 1));
        assertThrows(NullPointerException.class, () -> publisher.subscribe(null));
    }

    @Test
    void aLoopThatClosesEndsItsSubscriptionsAndRefusesNewOnes() throws Exception {
        AsyncioLoopThread closing = AsyncioLoopThread.start(python.context());
        Flow.Publisher<Value> publisher = PythonPublisher.of(closing, namespace.getHashValue("slow"));
        RecordingSubscriber open = new RecordingSubscriber(5);
        publisher.subscribe(open);
        assertEquals(List.of("subscribe", "next 'first'"), open.next(2));
        closing.close();
        assertTrue(open.next().startsWith("error "), "the loop's end is an error, not silence");
        assertTrue(open.error instanceof java.util.concurrent.CancellationException, "the loop closed: " + open.error);
        RecordingSubscriber late = new RecordingSubscriber(1);
        publisher.subscribe(late);
        assertEquals(List.of("subscribe", "error java.lang.IllegalStateException: the asyncio loop of this publisher has closed"),
                late.next(2));
    }

    @Test
    void pythonPublishesWithAsPublisher() throws Exception {
        Value consume = python.run(String.join("\n",
                "import asyncio, asyncgraalpy",
                "async def consume(subscribe):",
                "    async def words():",
                "        for w in ['a', 'b', 'c']:",
                "            yield w",
                "    subscribe.call(asyncgraalpy.as_publisher(words))"), "consume");
        // Four: the end is known only once a fourth element is asked for, as nothing is produced before it is requested.
        RecordingSubscriber subscriber = new RecordingSubscriber(4);
        java.util.function.Consumer<Flow.Publisher<Value>> subscribe = publisher -> publisher.subscribe(subscriber);
        loop.submit(consume.execute(new Subscribe(subscribe))).get(30, TimeUnit.SECONDS);
        assertEquals(List.of("subscribe", "next 'a'", "next 'b'", "next 'c'", "complete"), subscriber.next(5));
    }

    @Test
    void aCancelFromWithinOnNextStopsTheGeneratorAtOnce() throws Exception {
        clearLog();
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        RecordingSubscriber subscriber = new RecordingSubscriber(10) {
            private int received;

            @Override
            public void onNext(Value element) {
                super.onNext(element);
                if (++received == 3) {
                    subscription.cancel();
                    cancelled.complete(null);
                }
            }
        };
        PythonPublisher.of(loop, call("numbers", 10)).subscribe(subscriber);
        cancelled.get(30, TimeUnit.SECONDS);
        // The batch of the demand, 10, was drained before it was signalled: the generator is closed after it.
        assertEquals(List.of("produce 0", "produce 1", "produce 2", "produce 3", "produce 4", "produce 5", "produce 6",
                "produce 7", "produce 8", "produce 9", "finally"), awaitLog(11));
        assertEquals(List.of("subscribe", "next 0", "next 1", "next 2"), subscriber.next(4));
        assertTrue(subscriber.quietFor(Duration.ofMillis(100)), "demand was left for seven more, but not one is sent after the cancel");
    }

    @Test
    void aSubscriptionTheClosingLoopNeverAppliedHearsTheEnd() throws Exception {
        Value newLoop = python.run("import asyncio\nloop = asyncio.new_event_loop()", "loop");
        JavaSelector selector = newLoop.getMember("_selector").getMember("_java").as(JavaSelector.class);
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        new PythonSourcePublisher(call("numbers", 3), selector).subscribe(subscriber); // posted; the loop never runs
        newLoop.invokeMember("close");
        assertEquals(List.of("subscribe", "error java.util.concurrent.CancellationException: the asyncio task publishing this stream"
                + " was cancelled or never ran: its loop has closed"), subscriber.next(2));
    }

    @Test
    void aPublishingTaskThatNeverRanHearsTheEndWhenTheLoopCloses() throws Exception {
        Value newLoop = python.run("import asyncio\nloop = asyncio.new_event_loop()", "loop");
        JavaSelector selector = newLoop.getMember("_selector").getMember("_java").as(JavaSelector.class);
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        new PythonSourcePublisher(call("numbers", 3), selector).subscribe(subscriber);
        // The loop applies the event (its publishing task is created) but closes before the task's first step.
        Value start = python.run("def start(loop, events):\n    for event in events:\n        event._apply(loop)", "start");
        start.execute(newLoop, selector.select(0));
        newLoop.invokeMember("close");
        assertEquals(List.of("subscribe", "error java.util.concurrent.CancellationException: the asyncio task publishing this stream"
                + " was cancelled or never ran: its loop has closed"), subscriber.next(2));
    }

    /** A Java function Python calls with the publisher it made. */
    public record Subscribe(java.util.function.Consumer<Flow.Publisher<Value>> consumer) {
        @org.graalvm.polyglot.HostAccess.Export
        public void call(Flow.Publisher<Value> publisher) {
            consumer.accept(publisher);
        }
    }

    private static List<String> awaitLog(int size) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> log = log();
        while (log.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
            log = log();
        }
        return log;
    }
}
