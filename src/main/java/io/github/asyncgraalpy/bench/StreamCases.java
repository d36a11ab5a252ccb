package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.examples.JavaProducers;
import io.github.asyncgraalpy.examples.Readings;
import java.util.List;
import org.graalvm.polyglot.Value;

/**
 * Streams: elements per second through {@code async for} over a Java publisher ({@link Readings}, sent from a Java
 * thread), a Java {@link Iterable} ({@link CountingIterable}) and an {@code AsyncQueue} that a Java thread fills
 * ({@link JavaProducers}), and from a Python async generator into a Java subscriber ({@link DrainingSubscriber}),
 * against {@code async for} over a Python async generator.
 */
final class StreamCases {

    static final int ELEMENTS = 20_000;
    static final int SMALL_WINDOW = 16;
    static final int LARGE_WINDOW = 1_024;

    private StreamCases() {}

    /**
     * Streams wait for quiet compilers: without, they never settled within their 60 s cap, and two runs in a row
     * disagreed on three of their four ratios.
     */
    private static final SideBySide.Policy POLICY = SideBySide.Policy.DEFAULT.waitingForQuietCompilers();

    static List<Measurement> measure(Workloads workloads, CompilationLog log) {
        var readings = workloads.python().javaType(Readings.class);
        var drain = new DrainingSubscriber.Factory();
        String baseline = "streams/async-for-generator";
        String intoSubscriber16 = "streams/generator-into-subscriber-16";
        String intoSubscriber1024 = "streams/generator-into-subscriber-1024";
        String intoAsyncFor16 = "streams/publisher-into-async-for-16";
        String intoAsyncFor1024 = "streams/publisher-into-async-for-1024";
        String iterable = "streams/iterable-into-async-for";
        String queue = "streams/queue-into-async-for";
        var numbersIterable = new CountingIterable(ELEMENTS);
        var producers = workloads.python().javaType(JavaProducers.class);
        // Each case runs code of its own: its async generator (numbers_for), its async for (async_for_for).
        Value baselineNumbers = ownCode(workloads, "numbers_for", baseline);
        Value baselineAsyncFor = ownCode(workloads, "async_for_for", baseline);
        Value asyncFor16 = ownCode(workloads, "async_for_for", intoAsyncFor16);
        Value asyncFor1024 = ownCode(workloads, "async_for_for", intoAsyncFor1024);
        Value numbers16 = ownCode(workloads, "numbers_for", intoSubscriber16);
        Value numbers1024 = ownCode(workloads, "numbers_for", intoSubscriber1024);
        Value iterableAsyncFor = ownCode(workloads, "async_for_for", iterable);
        Value queueAsyncFor = ownCode(workloads, "async_for_for", queue);
        List<SideBySide.Case> cases = List.of(
                new SideBySide.Case(baseline,
                        () -> ELEMENTS / (workloads.nanos("async_for_generator", ELEMENTS, baselineNumbers, baselineAsyncFor) / 1e9)),
                new SideBySide.Case(intoAsyncFor16,
                        () -> ELEMENTS / (workloads.nanos("publisher_into_async_for", readings, ELEMENTS, SMALL_WINDOW, asyncFor16) / 1e9)),
                new SideBySide.Case(intoAsyncFor1024,
                        () -> ELEMENTS / (workloads.nanos("publisher_into_async_for", readings, ELEMENTS, LARGE_WINDOW, asyncFor1024) / 1e9)),
                new SideBySide.Case(intoSubscriber16,
                        () -> ELEMENTS / (workloads.nanos("generator_into_subscriber", drain, ELEMENTS, SMALL_WINDOW, numbers16) / 1e9)),
                new SideBySide.Case(intoSubscriber1024,
                        () -> ELEMENTS / (workloads.nanos("generator_into_subscriber", drain, ELEMENTS, LARGE_WINDOW, numbers1024) / 1e9)),
                new SideBySide.Case(iterable,
                        () -> ELEMENTS / (workloads.nanos("iterable_into_async_for", numbersIterable, ELEMENTS, iterableAsyncFor) / 1e9)),
                new SideBySide.Case(queue,
                        () -> ELEMENTS / (workloads.nanos("queue_into_async_for", producers, ELEMENTS, queueAsyncFor) / 1e9)));
        return SideBySide.measure("streams", "elements per second", cases, POLICY, log, System.out);
    }

    private static Value ownCode(Workloads workloads, String maker, String name) {
        return workloads.python().call(workloads.get(maker), name);
    }
}
