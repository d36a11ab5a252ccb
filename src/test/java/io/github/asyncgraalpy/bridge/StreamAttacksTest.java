package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on the streams, from a review: a script that reaches the Java objects behind them and calls their exported
 * methods out of order, hands Java a non-future, reads from several tasks, or never lets the loop have a turn. Each
 * asserts what must happen: the Java subscriber sees the Reactive Streams rules kept, the loop survives, every
 * subscriber hears the end.
 */
@Timeout(120)
class StreamAttacksTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    /** A Java function Python calls with the publisher it made (a host subscriber subscribes to it). */
    public record Subscribe(java.util.function.Consumer<Flow.Publisher<Value>> consumer) {
        @org.graalvm.polyglot.HostAccess.Export
        public void call(Flow.Publisher<Value> publisher) {
            consumer.accept(publisher);
        }
    }

    private static long count(List<String> signals, String prefix) {
        return signals.stream().filter(s -> s.startsWith(prefix)).count();
    }

    private static List<String> drain(RecordingSubscriber subscriber, long quietMillis) throws InterruptedException {
        return drain(subscriber, quietMillis, 2000);
    }

    private static List<String> drain(RecordingSubscriber subscriber, long quietMillis, int cap) throws InterruptedException {
        List<String> all = new ArrayList<>();
        while (all.size() < cap) {
            try {
                subscriber.quietFor(java.time.Duration.ofMillis(quietMillis));
                return all;
            } catch (AssertionError got) {
                all.add(got.getMessage().substring("expected no signal, got: ".length()));
            }
        }
        all.add("...");
        return all;
    }

    /**
     * A script whose {@code main(subscribe)} publishes an async generator to {@code subscribe}, then finds the
     * PythonSubscription serving it (frame introspection of the publishing task) as {@code sub}, calls its begin()
     * (a second onSubscribe) and goes on with {@code then}; Java calls {@code run(subscribe)}.
     */
    private static String reachingItsSubscription(String... then) {
        return String.join("\n", Stream.of(Stream.of(
                "import asyncio, asyncgraalpy",
                "async def main(subscribe):",
                "    async def slow():",
                "        yield 'first'",
                "        await asyncio.sleep(3600)",
                "    subscribe.call(asyncgraalpy.as_publisher(slow))",
                "    sub = None",
                "    for _ in range(200):",
                "        await asyncio.sleep(0.01)",
                "        for t in asyncio.all_tasks():",
                "            frame = t.get_coro().cr_frame",
                "            if frame is not None and 'subscription' in frame.f_locals:",
                "                sub = frame.f_locals['subscription']",
                "        if sub is not None:",
                "            break",
                "    sub.begin(asyncio.current_task())"), Stream.of(then), Stream.of(
                "def run(s):",
                "    return asyncio.run(main(s))")).flatMap(lines -> lines).toList());
    }

    /**
     * A script reaches the PythonSubscription of its own publisher (frame introspection of the publishing task) and
     * calls its exported methods out of order: a second begin() (second onSubscribe), emit() beyond demand. The Java
     * subscriber, which asked for 1 element, receives many (Reactive Streams 1.1 / 2.5 / 1.9 broken toward host code).
     */
    @Test
    void scriptDrivesPythonSubscriptionOutOfOrder() throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        Value run = python.run(reachingItsSubscription(
                "    emitted = [sub.emit(i) for i in range(1000)]",
                "    return sum(emitted)"), "run");
        Value emitted = python.context().call(run, new Subscribe(p -> p.subscribe(subscriber)));
        List<String> signals = drain(subscriber, 300);
        assertEquals(1, count(signals, "subscribe"), "onSubscribe once (rule 2.5/1.9): " + signals.subList(0, Math.min(8, signals.size())));
        assertTrue(count(signals, "next") <= 2, "no more onNext than requested (rule 1.1), got " + count(signals, "next"));
    }

    /**
     * The same script hands its subscription a whole list beyond the demand (emitList, the batch call) and something
     * that is not a list: the subscriber, which asked for 1 element, gets no more, and the non-list a clear error.
     */
    @Test
    void scriptEmittingAListBeyondTheDemandSendsNoMore() throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        Value run = python.run(reachingItsSubscription(
                "    delivered = sub.emitList(list(range(1000)))",
                "    try:",
                "        sub.emitList(42)",
                "        refused = 'accepted'",
                "    except Exception as e:",
                "        refused = str(e)",
                "    return f'{delivered} {refused}'"), "run");
        String outcome = python.context().call(run, new Subscribe(p -> p.subscribe(subscriber))).asString();
        List<String> signals = drain(subscriber, 300);
        assertTrue(count(signals, "next") <= 1, "no more onNext than requested (rule 1.1), got " + count(signals, "next"));
        assertTrue(outcome.startsWith("-1 "), "a list beyond the demand is not delivered: " + outcome);
        assertTrue(outcome.contains("emitList takes a list"), "a non-list is refused with a clear error: " + outcome);
    }

    /**
     * A script {@link #reachingItsSubscription reaching its subscription} that runs {@code body} with it as {@code sub};
     * {@code out}, a list, is what it returns.
     * Returns the signals the subscriber, which requested {@code request}, got.
     */
    private static List<String> withItsSubscription(long request, String... body) throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber(request);
        String[] then = Stream.of(Stream.of("out = []"), Stream.of(body), Stream.of("return out"))
                .flatMap(lines -> lines).map(line -> "    " + line).toArray(String[]::new);
        python.context().call(python.run(reachingItsSubscription(then), "run"), new Subscribe(p -> p.subscribe(subscriber)));
        return drain(subscriber, 300);
    }

    /**
     * emitList of a sequence whose __getitem__ ends the stream (complete or fail) while Java reads it: the batch's
     * demand was taken, but not one onNext after the terminal signal (rule 1.7).
     */
    @Test
    void aBatchWhoseElementEndsTheStreamSendsNothingAfterTheEnd() throws Exception {
        for (String end : List.of("sub.complete()", "sub.fail('ValueError', 'ended from __getitem__', '')")) {
            List<String> signals = withItsSubscription(5,
                    "class Ending:",
                    "    def __len__(self): return 3",
                    "    def __getitem__(self, i):",
                    "        if i == 1: " + end,
                    "        return i",
                    "out.append(sub.emitList(Ending()))");
            int terminal = signals.indexOf(signals.stream().filter(s -> s.equals("complete") || s.startsWith("error"))
                    .findFirst().orElseThrow());
            assertEquals(terminal, signals.size() - 1, "nothing after the terminal signal (rule 1.7): " + signals);
            assertEquals(List.of("subscribe", "next 'first'", "next 0"), signals.subList(0, terminal), end + ": " + signals);
        }
    }

    /**
     * A subscriber's onNext calls back into Python (here: toString, an element's __repr__), which calls emitList or
     * complete on the same subscription: no signal starts while another runs (rule 1.3: signals are serial), so those
     * calls are refused, and the batch goes on.
     */
    @Test
    void aSignalFromWithinOnNextIsRefused() throws Exception {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        Map<String, List<String>> got = new LinkedHashMap<>();
        for (String inner : List.of("sub.emitList(['inner'])", "sub.complete()", "sub.emit('inner')",
                "sub.fail('ValueError', 'inner', '')", "sub.refuse('inner')", "sub.abandon()")) {
            List<String> signals = withItsSubscription(5,
                    "class Element:",
                    "    def __repr__(self):",
                    "        out.append(" + inner + ")",
                    "        return 'Element'",
                    "out.append(sub.emitList([Element(), 'after']))");
            expected.put(inner, List.of("subscribe", "next 'first'", "next Element", "next 'after'"));
            got.put(inner, signals.subList(0, Math.min(4, signals.size())));
        }
        assertEquals(expected, got, "each call from within onNext refused, and the batch goes on");
    }

    /**
     * A script hands a non-future to PublisherReader.take(); when the next element arrives the loop's event delivery
     * fails inside _undeliverable itself, killing the loop thread of a host AsyncioLoopThread. A host subscriber of
     * another PythonPublisher on that loop then never hears a terminal signal.
     */
    @Test
    void nonFutureInTakeKillsTheLoopAndSilencesOtherSubscriptions() throws Exception {
        AsyncioLoopThread victim = AsyncioLoopThread.start(python.context());
        Value ns = python.run(String.join("\n",
                "import asyncio",
                "from asyncgraalpy import wrap_publisher",
                "async def slow():",
                "    yield 'first'",
                "    await asyncio.sleep(3600)",
                "async def attack(p):",
                "    e = wrap_publisher(p, window=1)",
                "    await anext(e)",
                "    e._reader.take(42)",
                "    await asyncio.sleep(1)                 # the next element arrives and meets the non-future",
                "    return 'survived'"));
        RecordingSubscriber bystander = new RecordingSubscriber(5);
        PythonPublisher.of(victim, ns.getHashValue("slow")).subscribe(bystander);
        assertEquals(List.of("subscribe", "next 'first'"), bystander.next(2));
        CompletableFuture<Value> attack = victim.submit(ns.getHashValue("attack").execute(CountingPublisher.upTo(10)));
        try {
            attack.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
        }
        Thread.sleep(500);
        try {
            List<String> after = drain(bystander, 3000);
            assertTrue(victim.isRunning(), "a non-future given to take() must not kill the loop thread: " + victim.failure()
                    + "; the bystander subscriber then got " + after);
        } finally {
            victim.close();
        }
    }

    /** A host subscriber whose subscription is started while the loop thread is closing never hears a terminal signal. */
    @Test
    void subscriptionArrivingWhileTheLoopClosesGetsNoTerminalSignal() throws Exception {
        AsyncioLoopThread closing = AsyncioLoopThread.start(python.context());
        Value ns = python.run(String.join("\n",
                "import asyncio",
                "async def slow():",
                "    yield 'first'",
                "    await asyncio.sleep(3600)",
                "async def lingering():",
                "    try:",
                "        await asyncio.sleep(3600)",
                "    except asyncio.CancelledError:",
                "        await asyncio.sleep(1.5)",
                "        raise"));
        closing.submit(ns.getHashValue("lingering").execute());
        Thread.sleep(300);
        Thread closer = new Thread(closing::close);
        closer.start();
        Thread.sleep(300);
        RecordingSubscriber late = new RecordingSubscriber(5);
        PythonPublisher.of(closing, ns.getHashValue("slow")).subscribe(late);
        closer.join(30_000);
        // Every signal up to a terminal one (next() fails the test after 10 s without one), then any stragglers.
        List<String> signals = new ArrayList<>();
        do {
            signals.add(late.next());
        } while (!signals.get(signals.size() - 1).startsWith("error") && !signals.get(signals.size() - 1).equals("complete"));
        signals.addAll(drain(late, 300));
        assertTrue(!signals.isEmpty() && (signals.get(signals.size() - 1).startsWith("error")
                || signals.get(signals.size() - 1).equals("complete")), "a terminal signal after the loop closed: " + signals);
    }

    /** aclose() from another task while a reader waits: the waiting reader should end, not hang. */
    @Test
    void acloseFromAnotherTaskLeavesTheWaitingReaderHanging() {
        Value run = python.run(String.join("\n",
                "import asyncio",
                "from asyncgraalpy import wrap_publisher",
                "async def main(p):",
                "    e = wrap_publisher(p)",
                "    async def read_one():",
                "        try:",
                "            return await e.__anext__()",
                "        except StopAsyncIteration:",
                "            return 'ended'",
                "    reader = asyncio.create_task(read_one())",
                "    while not p.subscribed():",
                "        await asyncio.sleep(0.001)",
                "    await asyncio.sleep(0.05)",
                "    await e.aclose()",
                "    done, _ = await asyncio.wait([reader], timeout=3)",
                "    if not done:",
                "        reader.cancel()",
                "        return 'hung'",
                "    return reader.result()",
                "def run(p):",
                "    return asyncio.run(main(p))"), "run");
        WrapPublisherTest.SilentPublisher silent = new WrapPublisherTest.SilentPublisher();
        Value result = python.context().call(run, silent);
        assertEquals("ended", result.asString());
    }

    /** The first element read in a helper task: when it ends, the stream is cancelled, and the rest looks complete. */
    @Test
    void firstReadInAHelperTaskTruncatesTheStreamSilently() {
        Value run = python.run(String.join("\n",
                "import asyncio",
                "from asyncgraalpy import wrap_publisher",
                "async def main(p):",
                "    e = wrap_publisher(p, window=4)",
                "    first = await asyncio.create_task(anext(e))",
                "    rest = [x async for x in e]",
                "    return f'{first} {len(rest)}'",
                "def run(p):",
                "    return asyncio.run(main(p))"), "run");
        Value result = python.context().call(run, CountingPublisher.upTo(100));
        assertEquals("0 99", result.asString(), "StopAsyncIteration must mean onComplete, not 'a task ended'");
    }

    /**
     * An unbounded subscriber and a generator that never suspends: _publish never yields to the loop, so nothing else
     * on the loop runs while there is demand.
     */
    @Test
    void unboundedDemandOnAGeneratorThatNeverSuspendsStarvesTheLoop() throws Exception {
        AsyncioLoopThread loop = AsyncioLoopThread.start(python.context());
        Value ns = python.run(String.join("\n",
                "async def endless():",
                "    i = 0",
                "    while True:",
                "        i += 1",
                "        yield i",
                "async def ping():",
                "    return 'pong'"));
        AtomicLong received = new AtomicLong();
        CompletableFuture<Flow.Subscription> subscribed = new CompletableFuture<>();
        Flow.Subscriber<Value> counting = new Flow.Subscriber<>() {
            public void onSubscribe(Flow.Subscription s) {
                subscribed.complete(s);
                s.request(Long.MAX_VALUE);
            }
            public void onNext(Value item) {
                received.incrementAndGet();
            }
            public void onError(Throwable t) {
            }
            public void onComplete() {
            }
        };
        PythonPublisher.of(loop, ns.getHashValue("endless")).subscribe(counting);
        Flow.Subscription subscription = subscribed.get(30, TimeUnit.SECONDS);
        try {
            String pong = null;
            try {
                pong = loop.submit(ns.getHashValue("ping").execute()).get(5, TimeUnit.SECONDS).asString();
            } catch (java.util.concurrent.TimeoutException starved) {
                System.err.println("loop starved; elements so far " + received.get());
            }
            assertEquals("pong", pong, "other tasks still run while a publisher serves unbounded demand");
        } finally {
            subscription.cancel();
            loop.close();
        }
    }

    /** A publisher that sends synchronously inside request() (on the loop thread) and one completing inside subscribe. */
    @Test
    void synchronousPublishersWork() {
        Value run = python.run(String.join("\n",
                "import asyncio",
                "from asyncgraalpy import wrap_publisher",
                "async def main(ps):",
                "    a = [x async for x in wrap_publisher(ps[0], window=3)]",
                "    b = [x async for x in ps[1]]",
                "    return f'{len(a)} {a[-1]} {b}'",
                "def run(ps):",
                "    return asyncio.run(main(ps))"), "run");
        Flow.Publisher<Integer> sync = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            int next;
            boolean done;

            public void request(long n) {
                for (long i = 0; i < n && !done; i++) {
                    if (next == 50) {
                        done = true;
                        subscriber.onComplete();
                        return;
                    }
                    subscriber.onNext(next++);
                }
            }

            public void cancel() {
                done = true;
            }
        });
        Flow.Publisher<Integer> empty = subscriber -> subscriber.onComplete(); // no onSubscribe at all (rule 1.9 broken)
        Value result = python.context().call(run, List.of(new SyncWrapper(sync), new SyncWrapper(empty)));
        assertEquals("50 49 []", result.asString());
    }

    /** Publishers wrapped so the lambda classes are public to Python's interop. */
    public static final class SyncWrapper implements Flow.Publisher<Integer> {
        private final Flow.Publisher<Integer> inner;

        SyncWrapper(Flow.Publisher<Integer> inner) {
            this.inner = inner;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> subscriber) {
            inner.subscribe(subscriber);
        }
    }

    /**
     * emit() beyond demand drives the demand negative; request(1) then overflows the 3.17 check (demand + n < 0) to
     * Long.MAX_VALUE: a subscriber that asked for 1 + 5 gets an endless stream (unbounded host memory in its queue).
     */
    @Test
    void extraEmitsMakeTheNextRequestUnbounded() throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        Value namespace = python.run(String.join("\n",
                "import asyncio, asyncgraalpy",
                "async def main(subscribe):",
                "    async def ticks():",
                "        i = 0",
                "        while True:",
                "            i += 1",
                "            yield i",
                "            await asyncio.sleep(0.05)",
                "    subscribe.call(asyncgraalpy.as_publisher(ticks))",
                "    sub = None",
                "    while sub is None:",
                "        await asyncio.sleep(0.01)",
                "        for t in asyncio.all_tasks():",
                "            frame = t.get_coro().cr_frame",
                "            if frame is not None and 'subscription' in frame.f_locals:",
                "                sub = frame.f_locals['subscription']",
                "    sub.emit('extra'); sub.emit('extra')",
                "    ends = asyncio.get_running_loop().time() + 60",
                "    while not released and asyncio.get_running_loop().time() < ends:  # until the Java side has its signals",
                "        await asyncio.sleep(0.01)",
                "released = False",
                "def run(s):",
                "    return asyncio.run(main(s))"));
        Value run = namespace.getHashValue("run");
        Thread script = new Thread(() -> {
            try {
                python.context().call(run, new Subscribe(p -> p.subscribe(subscriber)));
            } catch (RuntimeException ended) {
                // the context closes at the end of the class
            }
        }, "script");
        script.setDaemon(true);
        script.start();
        assertEquals(List.of("subscribe", "next 1"), subscriber.next(2));
        assertTrue(drain(subscriber, 500).isEmpty(), "the extra emits are refused: no demand for them");
        subscriber.subscription.request(1);
        Thread.sleep(300);
        subscriber.subscription.request(5);
        // The six requested (each within 10 s), then whatever else comes: an unbounded demand keeps the ticks coming.
        List<String> rest = new ArrayList<>(subscriber.next(6));
        rest.addAll(drain(subscriber, 300, 40));
        namespace.putHashEntry("released", true);
        script.join(20_000);
        assertEquals(6, count(rest, "next"), "1 + 5 requested after the extras, got " + rest.size() + ": " + rest);
    }

    /** A script replaces _streams._publish: onNext before onSubscribe reaches the host subscriber (rule 1.9). */
    @Test
    void emitBeforeBeginReachesTheSubscriber() throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        Value run = python.run(String.join("\n",
                "import asyncio, asyncgraalpy",
                "from asyncgraalpy import _streams",
                "async def main(subscribe):",
                "    original = _streams._publish",
                "    async def evil(sub):",
                "        sub.emit('before onSubscribe')",
                "        sub.complete()",
                "    _streams._publish = evil",
                "    try:",
                "        async def words():",
                "            yield 'a'",
                "        subscribe.call(asyncgraalpy.as_publisher(words))",
                "        await asyncio.sleep(0.2)",
                "    finally:",
                "        _streams._publish = original",
                "def run(s):",
                "    return asyncio.run(main(s))"), "run");
        python.context().call(run, new Subscribe(p -> p.subscribe(subscriber)));
        List<String> signals = drain(subscriber, 300);
        assertTrue(!signals.isEmpty() && signals.get(0).equals("subscribe"), "onSubscribe first (rule 1.9): " + signals);
    }

    /** Two tasks waiting for the same publisher's next element: the second is refused, as with an async generator. */
    @Test
    void aSecondTaskWaitingOnTheSameElementsIsRefused() {
        Value result = python.context().call(python.run(String.join("\n",
                "import asyncio, asyncgraalpy",
                "async def main(p):",
                "    elements = asyncgraalpy.wrap_publisher(p)",
                "    first = asyncio.create_task(anext(elements))",
                "    await asyncio.sleep(0.05)",
                "    try:",
                "        await anext(elements)",
                "    except RuntimeError as e:",
                "        refused = str(e)",
                "    first.cancel()",
                "    return refused",
                "def run(p):",
                "    return asyncio.run(main(p))"), "run"), new WrapPublisherTest.SilentPublisher());
        assertEquals("anext(): another task is already waiting for this publisher's next element", result.asString());
    }

    /** A script hands Java a non-future among real ones: that one is reported, the others in its batch still complete. */
    @Test
    void aNonFutureInABatchFailsOnlyItself() {
        Value result = python.context().call(python.run(String.join("\n",
                "import asyncio, asyncgraalpy",
                "from asyncgraalpy import _futures",
                "async def main(stages):",
                "    loop = asyncio.get_running_loop()",
                "    real = loop.create_future()",
                "    reported = []",
                "    loop.set_exception_handler(lambda l, context: reported.append(type(context.get('exception')).__name__))",
                "    _futures._java_futures.watchAll(stages, [42, real], _futures._completions(loop))",
                "    return await asyncio.wait_for(real, 10), reported",
                "def run(stages):",
                "    return asyncio.run(main(stages))"), "run"),
                List.of(CompletableFuture.completedFuture("bogus"), CompletableFuture.completedFuture("real")));
        assertEquals("('real', ['AttributeError'])", python.repr(result));
    }
}
