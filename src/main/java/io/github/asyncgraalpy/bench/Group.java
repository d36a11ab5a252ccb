package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.runtime.NetworkPolicy;
import io.github.asyncgraalpy.runtime.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The benchmark groups, each measured in a JVM of its own so that one group's compiled code cannot skew another's. */
enum Group {
    STARTUP("startup", "case 6: start-up to the first completed await, in the start-up mode", JvmMode.STARTUP, Set.of()),
    STARTUP_OPTIMIZING("startup-optimizing", "case 6 again, in the optimizing runtime", JvmMode.OPTIMIZING, Set.of()),
    MEMORY("memory", "case 6: heap of an idle context, and after many contexts built and closed", JvmMode.STARTUP, Set.of()),
    AWAIT("await", "case 1: one await of an awaitable that returns at once", JvmMode.OPTIMIZING, Set.of()),
    STEPS10("steps10", "case 2: ten suspensions per await", JvmMode.OPTIMIZING, Set.of()),
    DRIVE("drive", "case 3: Java driving a Python coroutine step by step", JvmMode.OPTIMIZING, Set.of()),
    BRIDGE("bridge", "case 4: Java futures completed on a Java thread, gathered; wake-up latency", JvmMode.OPTIMIZING,
            Set.of(Sandbox.Grant.PYTHON_THREADS)),
    LOOP_THREAD("loop-thread", "case 5: a coroutine's result asked for by another thread", JvmMode.OPTIMIZING,
            Set.of(Sandbox.Grant.PYTHON_THREADS)),
    STREAMS("streams", "streams: a Java publisher, Iterable and AsyncQueue into async for, an async generator into a Java"
            + " subscriber", JvmMode.OPTIMIZING,
            Set.of()),
    POOL("pool", "every core: a CPU-bound async workload on 1.." + PoolCases.largestPool() + " pooled contexts; heap per context;"
            + " to_thread round trips", JvmMode.OPTIMIZING, Set.of()),
    POOL_BURST("pool-burst", "bursts of 20,000 and 70,000 quick submissions through a pool of 2 contexts, none failing",
            JvmMode.OPTIMIZING, Set.of()),
    NET("net", "loopback TCP: echo round trips, bulk throughput, 1,000 connections at once; against CPython's asyncio",
            JvmMode.OPTIMIZING, Set.of());

    /**
     * The JVM a group runs in, as the build wrote its options (io.github.asyncgraalpy.launcher.JvmArgsFile): start-up
     * cases in the mode the main job starts in (with its AOT cache, so classes from its jar), and again in the
     * optimizing runtime; everything measured at steady state in the optimizing runtime.
     */
    enum JvmMode {
        STARTUP("startup.args", true),
        OPTIMIZING("optimizing.args", false);

        final String argsFile;
        final boolean aotCache;

        JvmMode(String argsFile, boolean aotCache) {
            this.argsFile = argsFile;
            this.aotCache = aotCache;
        }
    }

    final String id;
    final String description;
    final JvmMode mode;
    /** The baselines of case 4 and 5 complete futures and drive loops from Python threads; no other group may. */
    final Set<Sandbox.Grant> grants;

    Group(String id, String description, JvmMode mode, Set<Sandbox.Grant> grants) {
        this.id = id;
        this.description = description;
        this.mode = mode;
        this.grants = grants;
    }

    /** The network the group's context may use: loopback for {@code net}, none for every other group. */
    NetworkPolicy network() {
        return this == NET ? NetCases.POLICY : NetworkPolicy.none();
    }

    /** Start-up and memory measure what happens before and around contexts, so they get no shared context to run in. */
    boolean measuresStartup() {
        return this == STARTUP || this == STARTUP_OPTIMIZING || this == MEMORY;
    }

    static Group byId(String id) {
        for (Group group : values()) {
            if (group.id.equals(id)) {
                return group;
            }
        }
        throw new IllegalArgumentException("no benchmark group " + id + "; there are " + ids());
    }

    static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Group group : values()) {
            ids.add(group.id);
        }
        return ids;
    }

    /** Runs this group in the current JVM (see {@link GroupMain}). */
    List<Measurement> run(Workloads workloads, CompilationLog log) throws InterruptedException {
        return switch (this) {
            case STARTUP -> StartupCases.inThisJvm("");
            case STARTUP_OPTIMIZING -> StartupCases.inThisJvm("-optimizing");
            case MEMORY -> MemoryCases.measure();
            case AWAIT -> AwaitCases.immediate(workloads, log);
            case STEPS10 -> AwaitCases.tenSteps(workloads, log);
            case DRIVE -> DriveCases.measure(workloads, log);
            case BRIDGE -> {
                List<Measurement> measured = new ArrayList<>(BridgeCases.throughput(workloads, log));
                measured.addAll(BridgeCases.latency(workloads));
                yield measured;
            }
            case LOOP_THREAD -> LoopThreadCases.measure(workloads, log);
            case STREAMS -> StreamCases.measure(workloads, log);
            case POOL -> PoolCases.measure(workloads, log);
            case POOL_BURST -> PoolCases.burst(log);
            case NET -> NetCases.measure(workloads, log);
        };
    }
}
