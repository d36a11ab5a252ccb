package io.github.asyncgraalpy.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The time this JVM's JIT compilers have spent so far: HotSpot's compiler threads (on a stock JDK these include C2
 * compiling the Graal compiler itself, which runs as Java code) and Truffle's compiler threads (that Java code
 * compiling Python). On two cores they take a core from the code being measured for the first minute or two, so a
 * case that scales across cores cannot be measured before they fall idle.
 */
final class CompilerLoad {

    static final String TRUFFLE_COMPILER_THREAD = "TruffleCompilerThread-";

    /** A live thread: its CPU time is read only if its name makes it one of Truffle's compiler threads. */
    record LiveThread(long id, String name, LongSupplier cpuNanos) {}

    /** Where the figures come from: this JVM's management beans, or a test's. */
    interface Readings {
        /** HotSpot's compilation time so far, in nanoseconds (0 where the JVM does not keep it). */
        long hotspotNanos();

        List<LiveThread> liveThreads();
    }

    private final Readings readings;
    /** The CPU time last read per Truffle compiler thread: a thread that ends keeps what it used, counted once. */
    private final Map<Long, Long> truffleThreadNanos = new HashMap<>();

    CompilerLoad() {
        this(new ThisJvm());
    }

    CompilerLoad(Readings readings) {
        this.readings = readings;
    }

    /** Nanoseconds of compiler time since this JVM started (HotSpot's) and since the first call (Truffle's). */
    synchronized long nanosSoFar() {
        for (LiveThread thread : readings.liveThreads()) {
            if (thread.name().startsWith(TRUFFLE_COMPILER_THREAD)) {
                long cpu = thread.cpuNanos().getAsLong();
                if (cpu >= 0) {
                    truffleThreadNanos.put(thread.id(), cpu);
                }
            }
        }
        return readings.hotspotNanos() + truffleThreadNanos.values().stream().mapToLong(Long::longValue).sum();
    }

    private static final class ThisJvm implements Readings {
        private final CompilationMXBean hotspot = ManagementFactory.getCompilationMXBean();
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        @Override
        public long hotspotNanos() {
            return hotspot != null && hotspot.isCompilationTimeMonitoringSupported() ? hotspot.getTotalCompilationTime() * 1_000_000 : 0;
        }

        @Override
        public List<LiveThread> liveThreads() {
            List<LiveThread> live = new ArrayList<>();
            if (threads.isThreadCpuTimeSupported()) {
                for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                    if (info != null) {
                        long id = info.getThreadId();
                        live.add(new LiveThread(id, info.getThreadName(), () -> threads.getThreadCpuTime(id)));
                    }
                }
            }
            return live;
        }
    }
}
