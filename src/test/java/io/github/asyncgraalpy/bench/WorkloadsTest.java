package io.github.asyncgraalpy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.asyncgraalpy.bridge.AsyncioLoopThread;
import io.github.asyncgraalpy.examples.Countdown;
import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.examples.JavaProducers;
import io.github.asyncgraalpy.examples.Readings;
import io.github.asyncgraalpy.runner.CPython;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.Sandbox;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every workload the harness runs, at a size that takes milliseconds: on GraalPy in a context with the benchmarks'
 * one extra grant, and the pure-Python ones on CPython under the names the harness asks for.
 */
@Timeout(120)
class WorkloadsTest {

    private static PythonContext python;
    private static Workloads workloads;

    @BeforeAll
    static void context() {
        python = ExampleRuntime.shared().newContext(new ByteArrayOutputStream(), new ByteArrayOutputStream(), Set.of(Sandbox.Grant.PYTHON_THREADS));
        workloads = new Workloads(python);
    }

    @AfterAll
    static void close() {
        python.close();
    }

    @Test
    void awaitsOfEveryKindTakeTime() {
        Value partial = python.eval("__import__('functools').partial");
        Value awaits = python.call(workloads.get("awaits_for"), "test");
        assertTrue(python.call(awaits, workloads.get("native_immediate"), 10).asLong() > 0);
        assertTrue(python.call(awaits, workloads.get("PythonTenSuspensions"), 10).asLong() > 0);
        assertTrue(python.call(awaits, python.call(partial, python.javaType(Countdown.class), 10, 1), 10).asLong() > 0);
        assertTrue(workloads.nanos("python_drives", 100) > 0);
    }

    /**
     * Case 1's loop awaits a hundred at a time, and the rest one by one: every await happens, and what it returns is
     * the time those awaits took (a duration in nanoseconds inside the wall time of the call, positive once it awaited).
     */
    @Test
    void caseOneAwaitsEachAwaitableNTimes() {
        Value count = python.runScript("""
                def count():
                    calls = []
                    async def counted():
                        calls.append(1)
                    return calls, counted
                """, "count.py").getHashValue("count");
        Value awaits = python.call(workloads.get("immediate_awaits_for"), "test");
        for (int n : List.of(0, 99, 250)) {
            Value counter = python.call(count);
            long before = System.nanoTime();
            long nanos = python.call(awaits, counter.getArrayElement(1), n).asLong();
            long wall = System.nanoTime() - before;
            assertEquals(n, counter.getArrayElement(0).getArraySize(), "awaits of " + n);
            assertTrue(n == 0 ? nanos >= 0 : nanos > 0, "no time for " + n + " awaits: " + nanos + " ns");
            assertTrue(nanos <= wall, "the awaits of " + n + " took " + nanos + " ns, longer than the call's " + wall + " ns");
        }
    }

    @Test
    void javaFuturesAndTheirBaselineAllComplete() throws InterruptedException {
        try (FutureBatch batch = new FutureBatch(2)) {
            assertTrue(workloads.nanos("java_futures_gather", batch, 1_000) > 0);
            assertTrue(workloads.nanos("java_futures_gather_as_tasks", batch, 200) > 0);
        }
        assertTrue(workloads.nanos("call_soon_threadsafe_gather", 1_000, 2) > 0, "Python threads run with the grant");
    }

    /** Case 4's anatomy: make, deliver and gather, each its own share of the loop's time on either side. */
    @Test
    void bothSidesOfCaseFourReportEachPhase() throws InterruptedException {
        try (FutureBatch batch = new FutureBatch(1)) {
            Value java = python.call(workloads.get("java_futures_phases"), batch, 2_000);
            Value baseline = python.call(workloads.get("call_soon_threadsafe_phases"), 2_000);
            assertEquals(BridgeCases.PHASES.size(), java.getArraySize());
            assertEquals(BridgeCases.PHASES.size(), baseline.getArraySize());
            assertTrue(java.getArrayElement(1).asLong() > 0 && java.getArrayElement(2).asLong() > 0, python.repr(java));
            assertTrue(baseline.getArrayElement(1).asLong() > 0 && baseline.getArrayElement(2).asLong() > 0, python.repr(baseline));
        }
    }

    @Test
    void everyWakeUpIsTimedFromCompletionToTheTaskRunning() throws InterruptedException {
        try (WakeProbe probe = new WakeProbe()) {
            Value java = python.call(workloads.get("java_wake_latencies"), probe, 5);
            Value clock = python.eval("lambda probe: probe.nanoTime").execute(probe);
            Value baseline = python.call(workloads.get("threadsafe_wake_latencies"), clock, 5);
            for (Value latencies : List.of(java, baseline)) {
                assertEquals(5, latencies.getArraySize());
                for (int i = 0; i < 5; i++) {
                    long nanos = latencies.getArrayElement(i).asLong();
                    assertTrue(nanos > 0 && nanos < 5_000_000_000L, "latency " + nanos + " ns");
                }
            }
        }
    }

    @Test
    void roundTripsThroughALoopInAnotherThread() {
        assertTrue(workloads.nanos("run_coroutine_threadsafe_round_trips", 20) > 0);
        try (AsyncioLoopThread loop = AsyncioLoopThread.start(python)) {
            assertTrue(LoopThreadCases.javaRoundTrips(loop, workloads.get("echo"), 20) > 0);
        }
    }

    /** Each stream case carries every element once, in chunks of STREAM_CHUNK and a rest, through code of its own. */
    @Test
    void everyStreamCaseCarriesEachElementOnce() {
        Value readings = python.javaType(Readings.class);
        DrainingSubscriber.Factory drain = new DrainingSubscriber.Factory();
        for (int n : List.of(20, 2_500)) {
            Value numbers = python.call(workloads.get("numbers_for"), "test");
            Value asyncFor = python.call(workloads.get("async_for_for"), "test");
            assertTrue(workloads.nanos("async_for_generator", n, numbers, asyncFor) > 0);
            assertTrue(workloads.nanos("publisher_into_async_for", readings, n, 16, asyncFor) > 0);
            assertTrue(workloads.nanos("generator_into_subscriber", drain, n, 16, numbers) > 0);
            assertTrue(workloads.nanos("iterable_into_async_for", new CountingIterable(n), n, asyncFor) > 0);
            assertTrue(workloads.nanos("queue_into_async_for", python.javaType(JavaProducers.class), n, asyncFor) > 0);
        }
    }

    @Test
    void thePurePythonWorkloadsRunOnCPythonUnderTheNamesTheHarnessUses() {
        CPython cpython = CPython.find("python3");
        assumeTrue(cpython.available(), "python3 (3.11 or newer) is not installed");
        Map<String, long[]> plan = new LinkedHashMap<>();
        for (String name : List.of("await/native-async-def", "await/python-class", "steps10/native-async-def", "steps10/python-class",
                "drive/python-drives", "bridge/call-soon-threadsafe-10k", "bridge/call-soon-threadsafe-100k",
                "bridge/call-soon-threadsafe-latency", "loop-thread/run-coroutine-threadsafe", "streams/async-for-generator")) {
            plan.put(name, new long[] {20, 1, 2});
        }
        Map<String, List<Long>> results = CPythonWorkloads.run(cpython, Workloads.source(), plan);
        assertEquals(plan.keySet(), results.keySet());
        assertEquals(40, results.get("bridge/call-soon-threadsafe-latency").size(), "every latency of both rounds");
        assertEquals(2, results.get("await/native-async-def").size());
    }
}
