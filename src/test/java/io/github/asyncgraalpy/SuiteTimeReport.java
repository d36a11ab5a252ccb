package io.github.asyncgraalpy;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Where the suite's time goes, per test class: its wall time, the CPU this test JVM spent in it (wall time well above
 * it is time spent waiting: a timeout reached, a sleep, a second JVM), the contexts it built in the runtimes the test
 * JVM shares, the processes it started (second JVMs, CPython), and the collectors' and HotSpot compilers' time. One
 * line per class in {@code target/test-times/<pid>.tsv}, appended (class, wall s, CPU s, contexts, JVMs, other
 * processes, GC s, JIT s); read them with {@code sort -t$'\t' -k2 -rn target/test-times/*.tsv}.
 * Measures, never fails a test; a runtime a test builds for itself is not counted (its class says so).
 */
public final class SuiteTimeReport implements TestExecutionListener {

    private static final Path DIRECTORY = Path.of("target", "test-times");

    private final Map<String, ClassStart> running = new ConcurrentHashMap<>();
    private final Map<Long, String> childrenSeen = new ConcurrentHashMap<>();
    /** The commands of the processes seen, in the order first seen. */
    private final List<String> childCommands = new CopyOnWriteArrayList<>();
    /** Every shared runtime seen (the examples' one is closed and built again by some tests), with its count. */
    private static final Map<GraalPyRuntime, Boolean> runtimesSeen = java.util.Collections.synchronizedMap(new IdentityHashMap<>());
    private ScheduledExecutorService watcher;

    private record ClassStart(long wallNanos, long cpuNanos, long contexts, int childrenBefore, long gcMillis, long jitMillis) {}

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "suite-time-report");
            thread.setDaemon(true);
            return thread;
        });
        // Second JVMs live for seconds and CPython for a fraction of one: a look every 50 ms sees nearly all.
        watcher.scheduleWithFixedDelay(() -> ProcessHandle.current().descendants().forEach(child ->
                childrenSeen.computeIfAbsent(child.pid(), pid -> {
                    String command = child.info().command().map(path -> Path.of(path).getFileName().toString()).orElse("?");
                    childCommands.add(command);
                    return command;
                })), 0, 50, TimeUnit.MILLISECONDS);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        watcher.shutdownNow();
    }

    @Override
    public void executionStarted(TestIdentifier identifier) {
        testClass(identifier).ifPresent(name ->
                running.put(identifier.getUniqueId(), new ClassStart(System.nanoTime(), cpuNanos(), contextsBuilt(), childCommands.size(), gcMillis(), jitMillis())));
    }

    @Override
    public void executionFinished(TestIdentifier identifier, org.junit.platform.engine.TestExecutionResult result) {
        Optional<String> name = testClass(identifier);
        ClassStart start = running.remove(identifier.getUniqueId());
        if (name.isEmpty() || start == null) {
            return;
        }
        double wall = (System.nanoTime() - start.wallNanos()) / 1e9;
        double cpu = (cpuNanos() - start.cpuNanos()) / 1e9;
        long contexts = contextsBuilt() - start.contexts();
        List<String> started = childCommands.subList(start.childrenBefore(), childCommands.size());
        long javaChildren = started.stream().filter(command -> command.startsWith("java")).count();
        long otherChildren = started.size() - javaChildren;
        double gc = (gcMillis() - start.gcMillis()) / 1e3;
        double jit = (jitMillis() - start.jitMillis()) / 1e3;
        String line = String.format("%s\t%.1f\t%.1f\t%d\t%d\t%d\t%.1f\t%.1f%n", name.get(), wall, cpu, contexts, javaChildren, otherChildren,
                gc, jit);
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(DIRECTORY.resolve(ProcessHandle.current().pid() + ".tsv"), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("[async-graalpy] test times not written: " + e);
        }
    }

    private static Optional<String> testClass(TestIdentifier identifier) {
        Optional<TestSource> source = identifier.getSource();
        return source.filter(ClassSource.class::isInstance).map(ClassSource.class::cast)
                .filter(classSource -> identifier.getParentId().isPresent())
                .map(classSource -> classSource.getJavaClass().getSimpleName())
                .filter(simpleName -> !identifier.getUniqueId().contains("[nested-class:"));
    }

    /** The collectors' time (G1's pauses, not its concurrent work). */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(bean -> Math.max(0, bean.getCollectionTime())).sum();
    }

    /** HotSpot's compiler threads' time. */
    private static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Contexts built so far in the shared runtimes that exist; asking must not build one. */
    private static long contextsBuilt() {
        TestRuntime.ifBuilt().ifPresent(runtime -> runtimesSeen.put(runtime, true));
        peek(ExampleRuntime.class).ifPresent(runtime -> runtimesSeen.put(runtime, true));
        peek(GraalPyRuntime.class).ifPresent(runtime -> runtimesSeen.put(runtime, true));
        synchronized (runtimesSeen) {
            return runtimesSeen.keySet().stream().mapToLong(runtime -> runtime.startupStatistics().count()).sum();
        }
    }

    private static Optional<GraalPyRuntime> peek(Class<?> holder) {
        try {
            Field field = holder.getDeclaredField("shared");
            field.setAccessible(true);
            synchronized (holder) {
                return Optional.ofNullable((GraalPyRuntime) field.get(null));
            }
        } catch (ReflectiveOperationException e) {
            return Optional.empty();
        }
    }
}
