package io.github.asyncgraalpy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runner.CPython;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.NetworkPolicy;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code net} group's workloads at sizes that take milliseconds, on GraalPy in a context with the group's own
 * network policy, and on CPython under the names the harness asks for. Speed is the benchmark's, not checked here.
 */
@Timeout(120)
class NetWorkloadsTest {

    private static GraalPyRuntime runtime;
    private static PythonContext python;
    private static Workloads workloads;

    @BeforeAll
    static void context() {
        runtime = ExampleRuntime.builder().network(Group.NET.network()).build();
        python = runtime.newContext(new ByteArrayOutputStream(), new ByteArrayOutputStream());
        workloads = new Workloads(python);
    }

    @AfterAll
    static void close() {
        python.close();
        runtime.close();
    }

    @Test
    void everyNetWorkloadRunsOnLoopback() {
        assertTrue(workloads.nanos("net_echo_round_trips", 20) > 0);
        assertTrue(workloads.nanos("net_bulk", 4L * 64 * 1024) > 0);
        assertTrue(workloads.nanos("net_many_connections", 5, 3) > 0);
    }

    /** The probe is called while the connections are open and told how many made all their round trips. */
    @Test
    void theHeapProbeSeesEveryConnectionServed() {
        ConnectionHeapProbe probe = new ConnectionHeapProbe();
        assertThrows(IllegalStateException.class, probe::heapAtPeak, "no reading before the workload called it");
        workloads.nanos("net_many_connections_probed", 4, 2, probe);
        assertEquals(4, probe.served());
        assertTrue(probe.heapAtPeak() > 0);
    }

    /** The group's policy holds both ends of all its connections at once; the default limit would not. */
    @Test
    void theGroupsPolicyAllowsEveryConnectionAtOnce() {
        assertTrue(NetCases.POLICY.maxSockets() > 2 * NetCases.CONNECTIONS_AT_ONCE);
        assertTrue(NetworkPolicy.DEFAULT_MAX_SOCKETS < 2 * NetCases.CONNECTIONS_AT_ONCE);
        assertTrue(Group.AWAIT.network().allowsNothing(), "no other group gets a network");
    }

    @Test
    void theNetWorkloadsRunOnCPythonUnderTheNamesTheHarnessUses() {
        CPython cpython = CPython.find("python3");
        assumeTrue(cpython.available(), "python3 (3.11 or newer) is not installed");
        Map<String, long[]> plan = new LinkedHashMap<>();
        plan.put(NetCases.CPYTHON_ECHO, new long[] {20, 1, 2});
        plan.put(NetCases.CPYTHON_BULK, new long[] {4L * 64 * 1024, 1, 2});
        plan.put(NetCases.CPYTHON_CONNECTIONS, new long[] {5, 1, 2});
        Map<String, List<Long>> results = CPythonWorkloads.run(cpython, Workloads.source(), plan);
        assertEquals(plan.keySet(), results.keySet());
        results.values().forEach(rounds -> assertEquals(2, rounds.size()));
        assertEquals(plan.keySet(), CPythonRows.plan(java.util.Set.of(Group.NET)).keySet());
    }
}
