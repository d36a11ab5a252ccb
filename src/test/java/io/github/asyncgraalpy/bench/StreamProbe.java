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
import org.graalvm.polyglot.Value;

/**
 * The streams group's cases side by side with a fixed warm-up instead of the harness's wait for quiet compilers: for
 * an A/B of two builds in a row on a machine where the group never settles. {@code StreamProbe WARMUP_SECONDS PASSES}
 * prints, per case, the median rate and the median of the passes' ratios to the baseline. Run with the bench's JVM
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
                System.out.printf("%-16s %,14.0f/s  ratio %.3f%n", k, median(rates.get(k)), median(ratios.get(k)));
            }
        } finally {
            ExampleRuntime.close();
        }
        System.exit(0);
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
