package io.github.asyncgraalpy.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * The time this JVM's JIT compilers have spent so far: HotSpot's compiler threads (on a stock JDK these include C2
 * compiling the Graal compiler itself, which runs as Java code) and Truffle's compiler threads (that Java code
 * compiling Python). On two cores they take a core from the code being measured for the first minute or two, so a
 * case that scales across cores cannot be measured before they fall idle.
 */
final class CompilerLoad {

    private static final String TRUFFLE_COMPILER_THREAD = "TruffleCompilerThread-";

    private final CompilationMXBean hotspot = ManagementFactory.getCompilationMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** The CPU time last read per Truffle compiler thread: a thread that ends keeps what it used, counted once. */
    private final Map<Long, Long> truffleThreadNanos = new HashMap<>();

    /** Nanoseconds of compiler time since this JVM started (HotSpot's) and since the first call (Truffle's). */
    synchronized long nanosSoFar() {
        long hotspotNanos = hotspot != null && hotspot.isCompilationTimeMonitoringSupported() ? hotspot.getTotalCompilationTime() * 1_000_000 : 0;
        if (threads.isThreadCpuTimeSupported()) {
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith(TRUFFLE_COMPILER_THREAD)) {
                    long cpu = threads.getThreadCpuTime(info.getThreadId());
                    if (cpu >= 0) {
                        truffleThreadNanos.put(info.getThreadId(), cpu);
                    }
                }
            }
        }
        return hotspotNanos + truffleThreadNanos.values().stream().mapToLong(Long::longValue).sum();
    }
}
