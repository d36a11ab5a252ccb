package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.examples.Readings;
import java.time.Duration;
import java.util.List;

/**
 * Streams: elements per second through {@code async for} over a Java publisher ({@link Readings}, sent from a Java
 * thread), and from a Python async generator into a Java subscriber ({@link DrainingSubscriber}), against
 * {@code async for} over a Python async generator.
 */
final class StreamCases {

    static final int ELEMENTS = 20_000;
    static final int SMALL_WINDOW = 16;
    static final int LARGE_WINDOW = 1_024;

    private StreamCases() {}

    static List<Measurement> measure(Workloads workloads, CompilationLog log) {
        var readings = workloads.python().javaType(Readings.class);
        var drain = new DrainingSubscriber.Factory();
        List<SideBySide.Case> cases = List.of(
                new SideBySide.Case("streams/async-for-generator",
                        () -> ELEMENTS / (workloads.nanos("async_for_generator", ELEMENTS) / 1e9)),
                new SideBySide.Case("streams/publisher-into-async-for-16",
                        () -> ELEMENTS / (workloads.nanos("publisher_into_async_for", readings, ELEMENTS, SMALL_WINDOW) / 1e9)),
                new SideBySide.Case("streams/publisher-into-async-for-1024",
                        () -> ELEMENTS / (workloads.nanos("publisher_into_async_for", readings, ELEMENTS, LARGE_WINDOW) / 1e9)),
                new SideBySide.Case("streams/generator-into-subscriber-16",
                        () -> ELEMENTS / (workloads.nanos("generator_into_subscriber", drain, ELEMENTS, SMALL_WINDOW) / 1e9)),
                new SideBySide.Case("streams/generator-into-subscriber-1024",
                        () -> ELEMENTS / (workloads.nanos("generator_into_subscriber", drain, ELEMENTS, LARGE_WINDOW) / 1e9)));
        return SideBySide.measure("streams", "elements per second", cases,
                SideBySide.Policy.DEFAULT.withMaxWarmup(15, Duration.ofSeconds(60)), log, System.out);
    }
}
