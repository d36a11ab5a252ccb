package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.examples.JavaProducers;
import io.github.asyncgraalpy.examples.Readings;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.concurrent.Flow;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The streams group's cases side by side with a fixed warm-up instead of the harness's wait for quiet compilers: for
 * an A/B of two builds in a row on a machine where the group never settles. {@code StreamProbe WARMUP_SECONDS PASSES}
 * prints, per case, the median rate and the median of the passes' ratios to the baseline ({@code StreamProbe
 * WARMUP_SECONDS PASSES halves} adds each side of the 1,024 cases alone, see {@link #halves}; {@code halves-only}
 * runs only those, the two 1,024 cases and the baseline). Besides the group's cases it reads a publisher that sends
 * within {@code request}, on the loop's own thread ({@code sync-publisher-16}, {@code -1024}): the same path into
 * {@code async for} with no thread hand-over. Run with the bench's JVM
 * options: {@code target/jvm/java @target/jvm/optimizing.args -cp target/classes:target/test-classes
 * io.github.asyncgraalpy.bench.StreamProbe 100 15} (see docs/streams.md, "What it costs").
 */
public final class StreamProbe {
    public static void main(String[] args) throws Exception {
        int warmSeconds = Integer.parseInt(args[0]);
        int passes = Integer.parseInt(args[1]);
        try (PythonContext python = ExampleRuntime.shared().newContext(System.out, System.err, Group.byId("streams").grants)) {
            Workloads w = new Workloads(python);
            var readings = python.javaType(Readings.class);
            var drain = new DrainingSubscriber.Factory();
            int n = StreamCases.ELEMENTS;
            Map<String, DoubleSupplier> cases = new LinkedHashMap<>();
            Value baselineNumbers = own(w, "numbers_for", "b");
            Value baselineAsyncFor = own(w, "async_for_for", "b");
            cases.put("baseline", () -> n / (w.nanos("async_for_generator", n, baselineNumbers, baselineAsyncFor) / 1e9));
            for (int window : new int[] {16, 1024}) {
                Value asyncFor = own(w, "async_for_for", "p" + window);
                cases.put("publisher-" + window, () -> n / (w.nanos("publisher_into_async_for", readings, n, window, asyncFor) / 1e9));
            }
            Value syncMaker = w.python().call(w.get("_own_code"), SYNC, "sync_publisher", "sync");
            Value makeSync = w.python().call(syncMaker, new SyncFactory());
            for (int window : new int[] {16, 1024}) {
                Value asyncFor = own(w, "async_for_for", "s" + window);
                cases.put("sync-publisher-" + window, () -> n / (w.nanos("publisher_into_async_for", makeSync, n, window, asyncFor) / 1e9));
            }
            for (int window : new int[] {16, 1024}) {
                Value numbers = own(w, "numbers_for", "g" + window);
                cases.put("generator-" + window, () -> n / (w.nanos("generator_into_subscriber", drain, n, window, numbers) / 1e9));
            }
            var numbersIterable = new CountingIterable(n);
            Value iterableAsyncFor = own(w, "async_for_for", "i");
            cases.put("iterable", () -> n / (w.nanos("iterable_into_async_for", numbersIterable, n, iterableAsyncFor) / 1e9));
            var producers = python.javaType(JavaProducers.class);
            Value queueAsyncFor = own(w, "async_for_for", "q");
            cases.put("queue", () -> n / (w.nanos("queue_into_async_for", producers, n, queueAsyncFor) / 1e9));
            if (args.length > 2 && args[2].startsWith("halves")) {
                halves(w, n, cases);
            }
            if (args.length > 2 && args[2].equals("halves-only")) { // less for the compilers: the 1,024 cases and their sides
                cases.keySet().removeIf(k -> k.endsWith("-16") || k.equals("iterable") || k.equals("queue"));
            }
            long end = System.nanoTime() + warmSeconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                cases.values().forEach(DoubleSupplier::getAsDouble);
            }
            Map<String, List<Double>> rates = new LinkedHashMap<>(), ratios = new LinkedHashMap<>();
            for (int p = 0; p < passes; p++) {
                double base = 0;
                for (var c : cases.entrySet()) {
                    double r = c.getValue().getAsDouble();
                    if (c.getKey().equals("baseline")) base = r;
                    rates.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(r);
                    ratios.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(r / base);
                }
            }
            for (String k : cases.keySet()) {
                System.out.printf("%-22s %,14.0f/s  ratio %.3f%n", k, median(rates.get(k)), median(ratios.get(k)));
            }
        } finally {
            ExampleRuntime.close();
        }
        System.exit(0);
    }

    /**
     * Each side of the two 1,024 cases alone (issue 27.1): Python's {@code async for} over Java lists of 512 with no
     * publisher, iterated ({@code py-half-lists}), copied into a Python list first ({@code -tolist}) or read by index
     * ({@code -index}); {@code Readings} into a Java subscriber with no Python; Python draining an async generator into
     * batches of 1,024 with no Java, then handing each to a Java method as arguments, whole or in slices of 128
     * ({@code -varargs-1024}, {@code -varargs-128}), or as one list that Java reads a {@code Value} at a time
     * ({@code -list-1024}).
     */
    private static void halves(Workloads w, int n, Map<String, DoubleSupplier> cases) {
        List<List<Integer>> lists = new ArrayList<>();
        for (int start = 0; start < n; start += 512) {
            List<Integer> list = new ArrayList<>();
            for (int i = start; i < Math.min(n, start + 512); i++) {
                list.add(i);
            }
            lists.add(list);
        }
        for (String kind : new String[] {"java-lists", "java-tolist", "java-index"}) {
            Value asyncFor = own(w, "async_for_for", "half-" + kind);
            Value read = half(w, kind);
            cases.put("py-half-" + kind.substring(5), () -> n / (w.python().call(read, kind, lists, n, asyncFor).asLong() / 1e9));
        }
        cases.put("java-half-readings", () -> n / (readingsAlone(n, 1024) / 1e9));
        Sink sink = new Sink();
        for (String kind : new String[] {"drain", "varargs-1024", "varargs-128", "list-1024"}) {
            Value drain = half(w, kind);
            cases.put("py-half-" + kind, () -> n / (w.python().call(drain, kind, sink, n, null).asLong() / 1e9));
        }
    }

    private static final String SYNC = """
            def sync_publisher(factory):
                return lambda n: factory.make(n)
            """;

    /** Makes publishers that send within {@code request}, on the requesting thread: the loop's, with no hand-over. */
    public static final class SyncFactory {
        @HostAccess.Export
        public Flow.Publisher<Integer> make(int n) {
            return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
                private int next;
                private long pending;
                private boolean done;
                private boolean sending;

                @Override
                public void request(long more) {
                    pending += more;
                    if (sending) {
                        return; // rule 3.3: a request from within onNext only adds to the demand
                    }
                    sending = true;
                    while (pending > 0 && next < n && !done) {
                        pending--;
                        subscriber.onNext(next++);
                    }
                    sending = false;
                    if (next == n && !done) {
                        done = true;
                        subscriber.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    done = true;
                }
            });
        }
    }

    private static final String HALVES = """
            def probe_half(kind, arg, n, sum_async_for):
                if kind.startswith("java-"):
                    if kind == "java-tolist":
                        async def elements():
                            for batch in arg:
                                for element in list(batch):
                                    yield element
                    elif kind == "java-index":
                        async def elements():
                            for batch in arg:
                                for i in range(len(batch)):
                                    yield batch[i]
                    else:
                        async def elements():
                            for batch in arg:
                                for element in batch:
                                    yield element
                    return sum_async_for(elements(), n)
                chunk = 128 if kind == "varargs-128" else 1024
                send = None if kind == "drain" else arg.count
                whole = kind.startswith("list")
                async def numbers():
                    for i in range(n):
                        yield i
                async def body():
                    start = time.perf_counter_ns()
                    batch = []
                    total = 0
                    async for x in numbers():
                        batch.append(x)
                        if len(batch) == 1024:
                            if whole:
                                total += arg.countList(batch)
                            elif send is not None:
                                for k in range(0, 1024, chunk):
                                    total += send(*batch[k:k + chunk])
                            batch.clear()
                    if whole and batch:
                        total += arg.countList(batch)
                    elif send is not None and batch:
                        total += send(*batch)
                    return time.perf_counter_ns() - start
                return run(body())
            """;

    private static Value half(Workloads w, String kind) {
        return w.python().call(w.get("_own_code"), HALVES, "probe_half", kind);
    }

    /** What Python hands a batch to in the probe's varargs halves: nothing but the call. */
    public static final class Sink {
        @HostAccess.Export
        public int count(Value... batch) {
            return batch.length;
        }

        /** The batch as one Python list, each element read as a {@code Value}, as a subscriber would get it. */
        @HostAccess.Export
        public int countList(Value batch) {
            int size = (int) batch.getArraySize();
            int seen = 0;
            for (int i = 0; i < size; i++) {
                if (batch.getArrayElement(i) != null) {
                    seen++;
                }
            }
            return seen;
        }
    }

    /** Nanoseconds for {@code n} readings into a Java subscriber with the window, requesting half of it as consumed. */
    private static long readingsAlone(int n, int window) {
        var done = new java.util.concurrent.CountDownLatch(1);
        long start = System.nanoTime();
        new Readings(n).subscribe(new Flow.Subscriber<Integer>() {
            private Flow.Subscription subscription;
            private int sinceRequest;

            @Override
            public void onComplete() {
                done.countDown();
            }

            @Override
            public void onError(Throwable t) {
                done.countDown();
            }

            @Override
            public void onNext(Integer element) {
                sinceRequest++;
                if (sinceRequest == window / 2) { // as the loop's reader: half a window again once it is consumed
                    sinceRequest = 0;
                    subscription.request(window / 2);
                }
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(window);
            }
        });
        try {
            done.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - start;
    }

    private static Value own(Workloads w, String maker, String name) {
        return w.python().call(w.get(maker), name);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
