package io.github.asyncgraalpy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Measurement graalPy(String name, String unit, String baseline, Double... samples) {
        return Measurement.unwarmed(name, "GraalPy", unit, baseline, List.of(samples));
    }

    @Test
    void theChartDrawsThePoolsScalingCurveAgainstOneContextWithTheCoresBusy() {
        Results results = new Results(List.of(
                graalPy("await/native-async-def", "ns per await", "await/native-async-def", 10.0),
                graalPy(PoolCases.caseName(1), "tasks per second", PoolCases.caseName(1), 400.0, 500.0, 450.0),
                graalPy(PoolCases.caseName(2), "tasks per second", PoolCases.caseName(1), 760.0, 950.0, 855.0),
                graalPy(PoolCases.caseName(1) + PoolCases.CORES_BUSY, "cores busy", PoolCases.caseName(1) + PoolCases.CORES_BUSY, 1.0, 1.0, 1.0),
                graalPy(PoolCases.caseName(2) + PoolCases.CORES_BUSY, "cores busy", PoolCases.caseName(1) + PoolCases.CORES_BUSY, 1.9, 1.9, 1.9)));
        String svg = Report.svg(results);
        assertTrue(svg.contains("pool: tasks per second against 1 context"), svg);
        assertTrue(svg.contains("GraalPy pool/2-contexts (855 tasks/s, 1.90 cores busy)"), svg);
        assertTrue(svg.contains(">1.90×</text>"), svg);
        assertTrue(svg.contains(">1.00×</text>"), svg);
        assertTrue(svg.contains("GraalPy await/native-async-def"), svg);
    }

    @Test
    void withoutThePoolGroupTheChartHasNoScalingCurve() {
        String svg = Report.svg(new Results(List.of(graalPy("await/native-async-def", "ns per await", "await/native-async-def", 10.0))));
        assertFalse(svg.contains("pool:"), svg);
    }

    private static Measurement cpython(String name, String unit, String baseline, Double... samples) {
        return Measurement.unwarmed(name, "CPython", unit, baseline, List.of(samples));
    }

    @Test
    void theChartDrawsEveryCaseOnePanelPerUnitWithEachCasesRuntimesSideBySide() {
        String svg = Report.svg(new Results(List.of(
                graalPy("await/native-async-def", "ns per await", "await/native-async-def", 10.0),
                graalPy("streams/async-for-generator", "elements per second", "streams/async-for-generator", 2e7),
                graalPy("startup/first-await", "s", "startup/first-await", 2.5),
                cpython("await/native-async-def", "ns per await", "await/native-async-def", 40.0),
                cpython("streams/async-for-generator", "elements per second", "streams/async-for-generator", 1e7))));
        assertTrue(svg.contains(">ns per await, median; shorter is faster</text>"), svg);
        assertTrue(svg.contains(">elements per second, median; longer is faster</text>"), svg);
        assertTrue(svg.contains(">s, median; shorter is faster</text>"), svg);
        int graalPyAwait = svg.indexOf(">GraalPy await/native-async-def<");
        int cpythonAwait = svg.indexOf(">CPython await/native-async-def<");
        int graalPyStreams = svg.indexOf(">GraalPy streams/async-for-generator<");
        int cpythonStreams = svg.indexOf(">CPython streams/async-for-generator<");
        assertTrue(graalPyAwait >= 0 && graalPyAwait < cpythonAwait && cpythonAwait < graalPyStreams && graalPyStreams < cpythonStreams, svg);
        assertTrue(svg.contains(">GraalPy startup/first-await<"), svg);
        assertTrue(svg.contains(">20,000,000 elements per second</text>"), svg);
    }

    @Test
    void aCPythonRowOfANameOfItsOwnIsDrawnBesideTheGraalPyCaseMeasuredAgainstIt() {
        String svg = Report.svg(new Results(List.of(
                graalPy(NetCases.ECHO, "round trips per second", NetCases.CPYTHON_ECHO, 1_500.0),
                graalPy("loop-thread/java-submit", "round trips per second", "loop-thread/java-submit", 20_000.0),
                cpython("loop-thread/java-submit", "round trips per second", "loop-thread/java-submit", 17_000.0),
                cpython(NetCases.CPYTHON_ECHO, "round trips per second", NetCases.CPYTHON_ECHO, 22_000.0))));
        int graalPyEcho = svg.indexOf(">GraalPy " + NetCases.ECHO + "<");
        int cpythonEcho = svg.indexOf(">CPython " + NetCases.CPYTHON_ECHO + "<");
        int graalPySubmit = svg.indexOf(">GraalPy loop-thread/java-submit<");
        assertTrue(graalPyEcho >= 0 && graalPyEcho < cpythonEcho && cpythonEcho < graalPySubmit, svg);
    }

    @Test
    void aPartialRunWritesBesideTheWholeRunNeverOverIt() {
        assertEquals("results.json", Benchmarks.outputName("results", List.of(Group.values()), false, "json"));
        assertEquals("results-startup.json", Benchmarks.outputName("results", List.of(Group.STARTUP), false, "json"));
        assertEquals("chart-await+bridge.svg", Benchmarks.outputName("chart", List.of(Group.AWAIT, Group.BRIDGE), false, "svg"));
    }

    @Test
    void aQuickRunWritesBesideTheWholeRunAndCapsEveryGroupsWarmUpAndSamples() {
        assertEquals("results-quick.json", Benchmarks.outputName("results", List.of(Group.values()), true, "json"));
        assertEquals("chart-quick-pool.svg", Benchmarks.outputName("chart", List.of(Group.POOL), true, "svg"));
        SideBySide.Policy waiting = SideBySide.Policy.DEFAULT.waitingForQuietCompilers().withSamples(40);
        assertEquals(new SideBySide.Policy(3, 0.25, QuickRun.WARMUP_PASSES, QuickRun.WARMUP_CAP, QuickRun.SAMPLES, null),
                QuickRun.of(waiting), "a quick run waits for no compiler and caps warm-up and samples");
        SideBySide.Policy small = new SideBySide.Policy(2, 0.5, 3, java.time.Duration.ofSeconds(5), 2);
        assertEquals(small, QuickRun.of(small), "a quick run never lengthens a group's own smaller caps");
    }

    @Test
    void aQuickRunMeasuresTheSteadyStateGroupsInOneJvmAndStartUpInFreshOnes() {
        List<Group> all = List.of(Group.values());
        List<List<Group>> jvms = QuickRun.oneJvm(all, true);
        assertEquals(List.of(List.of(Group.STARTUP), List.of(Group.STARTUP_OPTIMIZING), List.of(Group.MEMORY)), jvms.subList(0, 3));
        assertEquals(List.of(jvms.get(3)), jvms.subList(3, jvms.size()), "one JVM for the rest");
        assertEquals(all.stream().filter(group -> !group.measuresStartup()).toList(), jvms.get(3));
        assertEquals(all.stream().map(List::of).toList(), QuickRun.oneJvm(all, false), "a whole run: a JVM per group");
        assertEquals(List.of(List.of(Group.MEMORY), List.of(Group.AWAIT, Group.POOL)),
                QuickRun.oneJvm(List.of(Group.MEMORY, Group.AWAIT, Group.POOL), true));
        assertEquals(QuickRun.STARTUP_RUNS, QuickRun.startupRuns(Group.STARTUP));
        assertEquals(QuickRun.OPTIMIZING_STARTUP_RUNS, QuickRun.startupRuns(Group.STARTUP_OPTIMIZING));
    }

    @Test
    void aPartialRunMeasuresOnlyItsGroupsCPythonWorkloads() {
        assertEquals(Map.of(), CPythonRows.plan(Set.of(Group.STARTUP)));
        assertEquals(Set.of("bridge/call-soon-threadsafe-10k", "bridge/call-soon-threadsafe-100k", "bridge/call-soon-threadsafe-latency"),
                CPythonRows.plan(Set.of(Group.BRIDGE, Group.MEMORY)).keySet());
        Set<Group> withCPythonRows = new HashSet<>();
        CPythonRows.plan(Set.of(Group.values())).keySet().forEach(workload -> withCPythonRows.add(CPythonRows.groupOf(workload)));
        assertEquals(Set.of(Group.AWAIT, Group.STEPS10, Group.DRIVE, Group.BRIDGE, Group.LOOP_THREAD, Group.STREAMS, Group.POOL, Group.NET),
                withCPythonRows);
    }
}
