package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.runner.CPython;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pure-Python workloads and baselines on CPython, same sizes as on GraalPy, for the same table. */
final class CPythonRows {

    private static final int WARMUP_ROUNDS = 2;

    private CPythonRows() {}

    static List<Measurement> measure(CPython cpython) {
        Map<String, long[]> plan = new LinkedHashMap<>();
        plan.put("await/native-async-def", new long[] {AwaitCases.IMMEDIATE_AWAITS, WARMUP_ROUNDS, 10});
        plan.put("await/python-class", new long[] {AwaitCases.IMMEDIATE_AWAITS, WARMUP_ROUNDS, 10});
        plan.put("steps10/native-async-def", new long[] {AwaitCases.TEN_STEP_AWAITS, WARMUP_ROUNDS, 10});
        plan.put("steps10/python-class", new long[] {AwaitCases.TEN_STEP_AWAITS, WARMUP_ROUNDS, 10});
        plan.put("drive/python-drives", new long[] {DriveCases.STEPS, WARMUP_ROUNDS, 10});
        plan.put("bridge/call-soon-threadsafe-10k", new long[] {10_000, WARMUP_ROUNDS, 6});
        plan.put("bridge/call-soon-threadsafe-100k", new long[] {100_000, 1, 5});
        plan.put("bridge/call-soon-threadsafe-latency", new long[] {BridgeCases.WAKE_UPS_PER_ROUND, 1, BridgeCases.LATENCY_ROUNDS});
        plan.put("loop-thread/run-coroutine-threadsafe", new long[] {LoopThreadCases.ROUND_TRIPS, WARMUP_ROUNDS, 10});
        plan.put("streams/async-for-generator", new long[] {StreamCases.ELEMENTS, WARMUP_ROUNDS, 10});
        plan.put(PoolCases.CPYTHON_TO_THREAD, new long[] {PoolCases.TO_THREAD_ROUND_TRIPS, WARMUP_ROUNDS, 10});
        Map<String, List<Long>> results = CPythonWorkloads.run(cpython, Workloads.source(), plan);

        List<Measurement> rows = new ArrayList<>();
        rows.add(perOperation(results, "await/native-async-def", "await/native-async-def", "ns per await", AwaitCases.IMMEDIATE_AWAITS));
        rows.add(perOperation(results, "await/python-class", "await/native-async-def", "ns per await", AwaitCases.IMMEDIATE_AWAITS));
        rows.add(perOperation(results, "steps10/native-async-def", "steps10/native-async-def", "ns per step", AwaitCases.TEN_STEP_AWAITS * 10));
        rows.add(perOperation(results, "steps10/python-class", "steps10/native-async-def", "ns per step", AwaitCases.TEN_STEP_AWAITS * 10));
        rows.add(perOperation(results, "drive/python-drives", "drive/python-drives", "ns per step", DriveCases.STEPS));
        rows.add(rate(results, "bridge/call-soon-threadsafe-10k", "futures per second", 10_000));
        rows.add(rate(results, "bridge/call-soon-threadsafe-100k", "futures per second", 100_000));
        List<Double> latencies = results.get("bridge/call-soon-threadsafe-latency").stream().map(ns -> ns / 1_000.0).toList();
        Measurement all = Measurement.unwarmed("latencies", "CPython", "µs", "latencies", latencies);
        rows.add(Measurement.unwarmed("bridge/call-soon-threadsafe-latency-p50", "CPython", "µs",
                "bridge/call-soon-threadsafe-latency-p50", List.of(all.percentile(50))));
        rows.add(Measurement.unwarmed("bridge/call-soon-threadsafe-latency-p99", "CPython", "µs",
                "bridge/call-soon-threadsafe-latency-p99", List.of(all.percentile(99))));
        rows.add(rate(results, "loop-thread/run-coroutine-threadsafe", "round trips per second", LoopThreadCases.ROUND_TRIPS));
        rows.add(rate(results, "streams/async-for-generator", "elements per second", StreamCases.ELEMENTS));
        rows.add(rate(results, PoolCases.CPYTHON_TO_THREAD, "round trips per second", PoolCases.TO_THREAD_ROUND_TRIPS));
        return rows;
    }

    private static Measurement perOperation(Map<String, List<Long>> results, String name, String baseline, String unit, long operations) {
        return Measurement.unwarmed(name, "CPython", unit, baseline, results.get(name).stream().map(ns -> ns / (double) operations).toList());
    }

    private static Measurement rate(Map<String, List<Long>> results, String name, String unit, long operations) {
        return Measurement.unwarmed(name, "CPython", unit, name, results.get(name).stream().map(ns -> operations / (ns / 1e9)).toList());
    }
}
