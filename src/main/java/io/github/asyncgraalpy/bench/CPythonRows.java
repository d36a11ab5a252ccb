package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.runner.CPython;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The pure-Python workloads and baselines on CPython, same sizes as on GraalPy, for the same table. */
final class CPythonRows {

    private static final int WARMUP_ROUNDS = 2;

    private CPythonRows() {}

    /**
     * The CPython rows of the groups that ran, and only those: a partial run ({@code -Dbench.groups=startup}) spends no
     * time on workloads whose GraalPy side it did not measure.
     */
    static List<Measurement> measure(CPython cpython, Set<Group> groups) {
        Map<String, long[]> plan = plan(groups);
        if (plan.isEmpty()) {
            return List.of();
        }
        Map<String, List<Long>> results = new LinkedHashMap<>();
        Map<String, List<Long>> measured = CPythonWorkloads.run(cpython, Workloads.source(), plan);
        plan.keySet().forEach(workload -> results.put(workload, measured.get(workload))); // the plan's order
        return rows(results);
    }

    /** The group whose GraalPy cases a CPython workload stands beside: the first part of its name. */
    static Group groupOf(String workload) {
        return Group.byId(workload.substring(0, workload.indexOf('/')));
    }

    /** Each workload's operations per round, warm-up rounds and measured rounds (a quick run's fewer), for the groups given. */
    static Map<String, long[]> plan(Set<Group> groups) {
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
        plan.put(NetCases.CPYTHON_ECHO, new long[] {NetCases.ROUND_TRIPS, WARMUP_ROUNDS, 10});
        plan.put(NetCases.CPYTHON_BULK, new long[] {NetCases.BULK_BYTES, WARMUP_ROUNDS, 10});
        plan.put(NetCases.CPYTHON_CONNECTIONS, new long[] {NetCases.CONNECTIONS_AT_ONCE, WARMUP_ROUNDS, 10});
        plan.keySet().removeIf(workload -> !groups.contains(groupOf(workload)));
        plan.values().forEach(rounds -> {
            rounds[1] = QuickRun.warmupRounds((int) rounds[1]);
            rounds[2] = QuickRun.rounds((int) rounds[2]);
        });
        return plan;
    }

    /** The rows of the workloads that ran, from their round times. */
    private static List<Measurement> rows(Map<String, List<Long>> results) {
        List<Measurement> rows = new ArrayList<>();
        for (String workload : results.keySet()) {
            switch (workload) {
                case "await/native-async-def", "await/python-class" ->
                        rows.add(perOperation(results, workload, "await/native-async-def", "ns per await", AwaitCases.IMMEDIATE_AWAITS));
                case "steps10/native-async-def", "steps10/python-class" ->
                        rows.add(perOperation(results, workload, "steps10/native-async-def", "ns per step", AwaitCases.TEN_STEP_AWAITS * 10));
                case "drive/python-drives" -> rows.add(perOperation(results, workload, workload, "ns per step", DriveCases.STEPS));
                case "bridge/call-soon-threadsafe-10k" -> rows.add(rate(results, workload, "futures per second", 10_000));
                case "bridge/call-soon-threadsafe-100k" -> rows.add(rate(results, workload, "futures per second", 100_000));
                case "bridge/call-soon-threadsafe-latency" -> {
                    List<Double> latencies = results.get(workload).stream().map(ns -> ns / 1_000.0).toList();
                    Measurement all = Measurement.unwarmed("latencies", "CPython", "µs", "latencies", latencies);
                    rows.add(Measurement.unwarmed(workload + "-p50", "CPython", "µs", workload + "-p50", List.of(all.percentile(50))));
                    rows.add(Measurement.unwarmed(workload + "-p99", "CPython", "µs", workload + "-p99", List.of(all.percentile(99))));
                }
                case "loop-thread/run-coroutine-threadsafe" -> rows.add(rate(results, workload, "round trips per second", LoopThreadCases.ROUND_TRIPS));
                case "streams/async-for-generator" -> rows.add(rate(results, workload, "elements per second", StreamCases.ELEMENTS));
                case PoolCases.CPYTHON_TO_THREAD -> rows.add(rate(results, workload, "round trips per second", PoolCases.TO_THREAD_ROUND_TRIPS));
                case NetCases.CPYTHON_ECHO -> rows.add(rate(results, workload, "round trips per second", NetCases.ROUND_TRIPS));
                case NetCases.CPYTHON_BULK -> rows.add(rate(results, workload, "MiB per second", NetCases.BULK_BYTES / (1024.0 * 1024)));
                case NetCases.CPYTHON_CONNECTIONS -> rows.add(perOperation(results, workload, workload, "ms per round", 1_000_000));
                default -> throw new IllegalStateException("no row for the CPython workload " + workload);
            }
        }
        return rows;
    }

    private static Measurement perOperation(Map<String, List<Long>> results, String name, String baseline, String unit, long operations) {
        return Measurement.unwarmed(name, "CPython", unit, baseline, results.get(name).stream().map(ns -> ns / (double) operations).toList());
    }

    private static Measurement rate(Map<String, List<Long>> results, String name, String unit, double operations) {
        return Measurement.unwarmed(name, "CPython", unit, name, results.get(name).stream().map(ns -> operations / (ns / 1e9)).toList());
    }
}
