package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.runtime.NetworkPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.HostAccess;

/**
 * The {@code net} group: loopback TCP through the loop's Java selector, against CPython's asyncio running the same
 * {@code workloads.py} functions in the same run. Each side runs the echo server and its clients in one script and
 * one loop, so both runtimes pay for both ends of every connection with the same asyncio code.
 */
final class NetCases {

    static final String ECHO = "net/echo-round-trips";
    static final String BULK = "net/bulk";
    static final String CONNECTIONS = "net/1000-connections";
    static final String CONNECTIONS_FAILED = "net/1000-connections-failed";
    static final String HEAP_PER_CONNECTION = "net/heap-per-open-connection";
    static final String CPYTHON_ECHO = "net/cpython-echo-round-trips";
    static final String CPYTHON_BULK = "net/cpython-bulk";
    static final String CPYTHON_CONNECTIONS = "net/cpython-1000-connections";

    /** 64-byte round trips on one connection per round. */
    static final int ROUND_TRIPS = QuickRun.asked() ? 2_000 : 5_000;
    /** Bytes per bulk round, in 64 KiB writes: 100 MiB, a quick run 16 MiB. */
    static final long BULK_BYTES = (QuickRun.asked() ? 16L : 100L) * 1024 * 1024;
    static final int CONNECTIONS_AT_ONCE = 1_000;
    static final int ECHOES_PER_CONNECTION = 10;

    /**
     * Loopback only. Both ends of every connection are sockets of the one context, and the listening socket one
     * more; the default limit ({@link NetworkPolicy#DEFAULT_MAX_SOCKETS}) would refuse the 65th.
     */
    static final NetworkPolicy POLICY = NetworkPolicy.allowing("127.0.0.1").listeningOn("127.0.0.1:0")
            .maxSockets(2 * CONNECTIONS_AT_ONCE + 8);

    /**
     * Rounds of about a second, over TCP on two cores: warm-up ends when four passes agree within 15 % and the
     * compilers fell quiet (asyncio's loop, streams and the transports take minutes to compile).
     */
    private static final SideBySide.Policy NET = new SideBySide.Policy(4, 0.15, 40, Duration.ofSeconds(60), 10).waitingForQuietCompilers();

    /**
     * Small rounds before the side-by-side warm-up: while asyncio's loop, streams and the transports are interpreted,
     * a full-size pass takes over a minute, and a warm-up of such passes ends at its cap after two.
     */
    static final Duration PRE_WARM = QuickRun.asked() ? Duration.ofSeconds(15) : Duration.ofSeconds(45);

    private NetCases() {}

    static List<Measurement> measure(Workloads workloads, CompilationLog log) throws InterruptedException {
        preWarm(workloads);
        SideBySide.Case connections = new SideBySide.Case(CONNECTIONS,
                () -> workloads.nanos("net_many_connections", CONNECTIONS_AT_ONCE, ECHOES_PER_CONNECTION) / 1e6);
        List<SideBySide.Case> cases = new ArrayList<>(List.of(
                new SideBySide.Case(ECHO, () -> ROUND_TRIPS / seconds(workloads.nanos("net_echo_round_trips", ROUND_TRIPS))),
                new SideBySide.Case(BULK, () -> BULK_BYTES / (1024.0 * 1024) / seconds(workloads.nanos("net_bulk", BULK_BYTES)))));
        if (!QuickRun.asked()) {
            cases.add(connections);
        }
        List<Measurement> rows = SideBySide.measure("net", "rounds", cases, NET, log, System.out);
        List<Measurement> measured = new ArrayList<>();
        measured.add(against(rows.get(0), "round trips per second", CPYTHON_ECHO));
        measured.add(against(rows.get(1), "MiB per second", CPYTHON_BULK));
        measured.add(against(QuickRun.asked() ? once(connections) : rows.get(2), "ms per round", CPYTHON_CONNECTIONS));
        measured.addAll(heapPerConnection(workloads));
        return measured;
    }

    /**
     * Heap per open connection (both its ends: the client's streams and transport, the server's transport and
     * protocol): the heap read while all {@value #CONNECTIONS_AT_ONCE} are open after their echoes, less the heap right
     * after they closed (read next to it, so that the compilers' own heap, which changes by megabytes a minute while
     * they work, moves it less than a reading taken before would); and how many of them failed.
     */
    private static List<Measurement> heapPerConnection(Workloads workloads) throws InterruptedException {
        ConnectionHeapProbe probe = new ConnectionHeapProbe();
        workloads.nanos("net_many_connections_probed", CONNECTIONS_AT_ONCE, ECHOES_PER_CONNECTION, probe);
        long closed = MemoryCases.heapAfterGc();
        double kilobytes = (probe.heapAtPeak() - closed) / (double) CONNECTIONS_AT_ONCE / 1024;
        int failed = CONNECTIONS_AT_ONCE - probe.served();
        System.out.printf("  net: %d connections open at once, %d failed; heap %.1f KB per open connection (both ends)%n",
                CONNECTIONS_AT_ONCE, failed, kilobytes);
        return List.of(
                Measurement.unwarmed(HEAP_PER_CONNECTION, "GraalPy", "KB", HEAP_PER_CONNECTION, List.of(kilobytes)),
                Measurement.unwarmed(CONNECTIONS_FAILED, "GraalPy", "connections failed", CONNECTIONS_FAILED, List.of((double) failed)));
    }

    /**
     * A quick run's 1,000 connections: one round after the passes, not steady. While asyncio is still interpreted, a
     * round takes seconds; the target (none failing) is the probed round's ({@link #heapPerConnection}).
     */
    private static Measurement once(SideBySide.Case connections) {
        double milliseconds = connections.round().getAsDouble();
        System.out.printf("  net: 1000 connections once after the passes (a quick run): %.0f ms%n", milliseconds);
        return new Measurement(CONNECTIONS, "GraalPy", "rounds", CONNECTIONS, List.of(milliseconds), List.of(), false, 0, 0);
    }

    private static void preWarm(Workloads workloads) {
        long start = System.nanoTime();
        int passes = 0;
        while (System.nanoTime() - start < PRE_WARM.toNanos()) {
            workloads.nanos("net_echo_round_trips", 200);
            workloads.nanos("net_bulk", 4L * 1024 * 1024);
            workloads.nanos("net_many_connections", 100, ECHOES_PER_CONNECTION);
            passes++;
        }
        System.out.printf("  net: %d small passes first (%.0f s): 200 round trips, 4 MiB, 100 connections%n", passes,
                (System.nanoTime() - start) / 1e9);
    }

    /** A GraalPy row compared with CPython's row of the same workload (not with the group's first case). */
    private static Measurement against(Measurement m, String unit, String cpythonRow) {
        return new Measurement(m.name(), m.runtime(), unit, cpythonRow, m.samples(), m.warmup(), m.steady(),
                m.compilationsWhileMeasured(), m.deoptsWhileMeasured());
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
