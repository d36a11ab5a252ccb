package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.coroutine.IteratorCoroutine;
import io.github.asyncgraalpy.examples.Countdown;
import io.github.asyncgraalpy.examples.MyCoroutine;
import io.github.asyncgraalpy.examples.Words;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.graalvm.polyglot.Value;

/**
 * Cases 1 and 2: what one {@code await} costs, per kind of awaitable, against {@code async def} in the same run. Every
 * awaitable is awaited {@code n} times in one task, by a loop whose code is the case's own ({@code awaits_for}; for
 * case 1 {@code immediate_awaits_for}, a hundred awaits per coroutine call); each is
 * created in Python, and the Java ones in Java too. Two floors beside them, with no await: a {@code JavaCoroutine} made,
 * and an exported Java method called, as every step of a Java awaitable calls one.
 */
final class AwaitCases {

    /** Awaits per round of case 1: long enough for on-stack replacement to kick in within a round. */
    static final int IMMEDIATE_AWAITS = 100_000;
    /** Awaits per round of case 2 (ten steps each). */
    static final int TEN_STEP_AWAITS = 5_000;

    private AwaitCases() {}

    /**
     * Case 1 waits for quiet compilers: without, it never settled within its 60 s cap, and its compilers were still at
     * work when it was measured.
     */
    private static final SideBySide.Policy IMMEDIATE_POLICY = SideBySide.Policy.DEFAULT.waitingForQuietCompilers();

    /** Case 1: an awaitable that returns at once. */
    static List<Measurement> immediate(Workloads workloads, CompilationLog log) {
        Value partial = workloads.python().eval("__import__('functools').partial");
        Value countdown = workloads.python().javaType(Countdown.class);
        Value nativeImmediate = workloads.get("native_immediate");
        List<SideBySide.Case> cases = List.of(
                awaits(workloads, "await/native-async-def", nativeImmediate, IMMEDIATE_AWAITS),
                awaits(workloads, "await/python-class", workloads.get("PythonImmediate"), IMMEDIATE_AWAITS),
                awaits(workloads, "await/java-mycoroutine", workloads.python().javaType(MyCoroutine.class), IMMEDIATE_AWAITS),
                awaits(workloads, "await/java-coroutine", workloads.python().call(partial, countdown, 0, 1), IMMEDIATE_AWAITS),
                awaits(workloads, "await/java-iterator",
                        workloads.python().call(partial, workloads.python().javaType(IteratorCoroutine.class), new Words(""), 1), IMMEDIATE_AWAITS),
                awaits(workloads, "await/native-async-def-made-in-java", madeInJava(workloads, () -> nativeImmediate.execute()), IMMEDIATE_AWAITS),
                awaits(workloads, "await/java-mycoroutine-made-in-java", madeInJava(workloads, MyCoroutine::new), IMMEDIATE_AWAITS),
                awaits(workloads, "await/java-coroutine-made-in-java", madeInJava(workloads, () -> new Countdown(0, 1)), IMMEDIATE_AWAITS),
                // The floors under the Java awaitables, no await in them: the JavaCoroutine made, its one host call per step.
                calls(workloads, "await/floor-java-new", workloads.python().call(partial, countdown, 0, 1)),
                calls(workloads, "await/floor-java-call", workloads.python().eval("lambda floor: floor.step").execute(new HostCallFloor())));
        return SideBySide.measure("await", "ns per await", cases, IMMEDIATE_POLICY, log, System.out);
    }

    /**
     * Case 2 waits for quiet compilers: without, it never settled within its cap and two runs in a row disagreed on
     * every ratio (0.71x/0.87x, 0.95x/1.51x, 0.91x/1.46x); waiting, it settled after 104 and 116 s.
     */
    private static final SideBySide.Policy TEN_STEPS_POLICY = SideBySide.Policy.DEFAULT.waitingForQuietCompilers();

    /** Case 2: ten suspensions per await, each a turn of the event loop: the cost per step. */
    static List<Measurement> tenSteps(Workloads workloads, CompilationLog log) {
        Value partial = workloads.python().eval("__import__('functools').partial");
        List<Object> tenNones = Collections.nCopies(10, null);
        List<SideBySide.Case> cases = List.of(
                steps(workloads, "steps10/native-async-def", workloads.get("native_ten_suspensions")),
                steps(workloads, "steps10/python-class", workloads.get("PythonTenSuspensions")),
                steps(workloads, "steps10/java-coroutine", workloads.python().call(partial, workloads.python().javaType(Countdown.class), 10, 1)),
                steps(workloads, "steps10/java-iterator", madeInJava(workloads, () -> new IteratorCoroutine<>(tenNones, 1))));
        return SideBySide.measure("steps10", "ns per step", cases, TEN_STEPS_POLICY, log, System.out);
    }

    private static SideBySide.Case awaits(Workloads workloads, String name, Value make, int n) {
        Value awaits = workloads.python().call(workloads.get("immediate_awaits_for"), name);
        return new SideBySide.Case(name, () -> workloads.python().call(awaits, make, n).asLong() / (double) n);
    }

    private static SideBySide.Case calls(Workloads workloads, String name, Value call) {
        Value calls = workloads.python().call(workloads.get("calls_for"), name);
        return new SideBySide.Case(name, () -> workloads.python().call(calls, call, IMMEDIATE_AWAITS).asLong() / (double) IMMEDIATE_AWAITS);
    }

    private static SideBySide.Case steps(Workloads workloads, String name, Value make) {
        Value awaits = workloads.python().call(workloads.get("awaits_for"), name);
        return new SideBySide.Case(name, () -> workloads.python().call(awaits, make, TEN_STEP_AWAITS).asLong() / (TEN_STEP_AWAITS * 10.0));
    }

    /** {@code made.make} as a Python callable: every call creates the awaitable in Java. */
    private static Value madeInJava(Workloads workloads, Supplier<Object> factory) {
        return workloads.python().eval("lambda made: made.make").execute(new MadeInJava(factory));
    }
}
