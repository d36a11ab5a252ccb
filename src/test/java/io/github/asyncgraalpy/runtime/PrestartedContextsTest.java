package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.graalvm.polyglot.PolyglotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Contexts started ahead: each handed out once, to one borrower, with the borrower's streams. */
@Timeout(180)
class PrestartedContextsTest {

    private static final OutputStream NOWHERE = OutputStream.nullOutputStream();

    @Test
    void everyTakeIsAFreshContextThatWritesToTheTakersStreams() {
        try (PrestartedContexts prestarted = TestRuntime.shared().prestartContexts(1, Set.of())) {
            ByteArrayOutputStream firstOut = new ByteArrayOutputStream();
            try (PythonContext first = prestarted.take(firstOut, NOWHERE)) {
                first.runScript("import builtins\nbuiltins.left_behind = 1\nprint('first')", "first.py");
                assertEquals("first\n", firstOut.toString(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream secondOut = new ByteArrayOutputStream();
            try (PythonContext second = prestarted.take(secondOut, NOWHERE)) {
                second.runScript("import builtins\nprint(hasattr(builtins, 'left_behind'))", "second.py");
                assertEquals("False\n", secondOut.toString(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void takingFasterThanTheyAreBuiltWaitsForTheContextBeingBuilt() {
        try (PrestartedContexts prestarted = TestRuntime.shared().prestartContexts(1, Set.of());
                PythonContext a = prestarted.take(NOWHERE, NOWHERE);
                PythonContext b = prestarted.take(NOWHERE, NOWHERE);
                PythonContext c = prestarted.take(NOWHERE, NOWHERE)) {
            assertNotSame(a.context(), b.context());
            assertNotSame(b.context(), c.context());
            assertEquals(3, c.eval("1 + 2").asInt());
        }
    }

    @Test
    void aLimitedOneBuildsNoContextBeyondItsLimitAndRefusesATakeBeyondIt() throws InterruptedException {
        // A runtime on the shared engine, so that its statistics count this test's contexts alone.
        try (GraalPyRuntime counted = TestRuntime.shared().withNetwork(NetworkPolicy.none());
                PrestartedContexts prestarted = counted.prestartContexts(3, Set.of())) {
            prestarted.limitToNext(1);
            try (PythonContext a = prestarted.take(NOWHERE, NOWHERE)) {
                prestarted.limitToNext(1); // one more than those already taken
                try (PythonContext b = prestarted.take(NOWHERE, NOWHERE)) {
                    assertNotSame(a.context(), b.context());
                }
                IllegalStateException refused = assertThrows(IllegalStateException.class, () -> prestarted.take(NOWHERE, NOWHERE));
                assertEquals("all 2 contexts it was limited to were handed out", refused.getMessage());
            }
            assertFalse(prestarted.awaitFull(Duration.ofMillis(500)), "it keeps none ready past its limit");
            assertEquals(2, counted.startupStatistics().count(), "contexts built");
        }
    }

    @Test
    void closingClosesTheContextsItHoldsAndRefusesFurtherTakes() throws InterruptedException {
        PrestartedContexts prestarted = TestRuntime.shared().prestartContexts(1, Set.of());
        PythonContext handedOut = prestarted.take(NOWHERE, NOWHERE);
        prestarted.close();
        prestarted.close();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> prestarted.take(NOWHERE, NOWHERE));
        assertEquals("the prestarted contexts are closed", refused.getMessage());
        assertEquals(2, handedOut.eval("1 + 1").asInt(), "a context handed out is its borrower's, open until they close it");
        handedOut.close();
    }

    @Test
    void aBuildThatFailsIsReportedToTheTakerWithItsCause() {
        GraalPyRuntime closed = new GraalPyRuntime(BytecodeStore.empty());
        closed.close();
        try (PrestartedContexts prestarted = closed.prestartContexts(1, Set.of())) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> prestarted.take(NOWHERE, NOWHERE));
            assertTrue(failure.getMessage().startsWith("building a GraalPy context failed: "), failure.getMessage());
            assertTrue(failure.getCause() instanceof IllegalStateException || failure.getCause() instanceof PolyglotException,
                    String.valueOf(failure.getCause()));
        }
    }

    @Test
    void noContextWithPythonThreadsIsStartedAhead() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TestRuntime.shared().prestartContexts(1, Set.of(Sandbox.Grant.PYTHON_THREADS)));
        assertEquals("contexts with Python threads cannot be started ahead", refused.getMessage());
    }

    @Test
    void atLeastOneContextIsStartedAhead() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TestRuntime.shared().prestartContexts(0, Set.of()));
        assertEquals("at least one context is started ahead, not 0", refused.getMessage());
        assertFalse(refused.getMessage().isEmpty());
    }

    @Test
    @SuppressWarnings("removal")
    void theFormerNameStillWorksByHandingOverToTheNewOne() {
        // A closed runtime: take() reports the failed build, so the delegation shows without building a context.
        GraalPyRuntime closed = new GraalPyRuntime(BytecodeStore.empty());
        closed.close();
        try (ContextPool pool = closed.newPool(2, Set.of())) {
            assertEquals(2, pool.size());
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> pool.take(NOWHERE, NOWHERE));
            assertTrue(failure.getMessage().startsWith("building a GraalPy context failed: "), failure.getMessage());
            assertFalse(pool.awaitFull(Duration.ofSeconds(10)), "a failed build never fills it");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
