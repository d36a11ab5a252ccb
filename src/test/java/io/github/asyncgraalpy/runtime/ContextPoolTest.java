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
import java.util.Set;
import org.graalvm.polyglot.PolyglotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Contexts started ahead: each handed out once, to one borrower, with the borrower's streams. */
@Timeout(180)
class ContextPoolTest {

    private static final OutputStream NOWHERE = OutputStream.nullOutputStream();

    @Test
    void everyTakeIsAFreshContextThatWritesToTheTakersStreams() {
        try (ContextPool pool = TestRuntime.shared().newPool(1, Set.of())) {
            ByteArrayOutputStream firstOut = new ByteArrayOutputStream();
            try (PythonContext first = pool.take(firstOut, NOWHERE)) {
                first.runScript("import builtins\nbuiltins.left_behind = 1\nprint('first')", "first.py");
                assertEquals("first\n", firstOut.toString(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream secondOut = new ByteArrayOutputStream();
            try (PythonContext second = pool.take(secondOut, NOWHERE)) {
                second.runScript("import builtins\nprint(hasattr(builtins, 'left_behind'))", "second.py");
                assertEquals("False\n", secondOut.toString(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void takingFasterThanThePoolBuildsWaitsForTheContextBeingBuilt() {
        try (ContextPool pool = TestRuntime.shared().newPool(1, Set.of());
                PythonContext a = pool.take(NOWHERE, NOWHERE);
                PythonContext b = pool.take(NOWHERE, NOWHERE);
                PythonContext c = pool.take(NOWHERE, NOWHERE)) {
            assertNotSame(a.context(), b.context());
            assertNotSame(b.context(), c.context());
            assertEquals(3, c.eval("1 + 2").asInt());
        }
    }

    @Test
    void closingThePoolClosesTheContextsItHoldsAndRefusesFurtherTakes() throws InterruptedException {
        ContextPool pool = TestRuntime.shared().newPool(1, Set.of());
        PythonContext handedOut = pool.take(NOWHERE, NOWHERE);
        pool.close();
        pool.close();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> pool.take(NOWHERE, NOWHERE));
        assertEquals("the context pool is closed", refused.getMessage());
        assertEquals(2, handedOut.eval("1 + 1").asInt(), "a context handed out is its borrower's, open until they close it");
        handedOut.close();
    }

    @Test
    void aBuildThatFailsIsReportedToTheTakerWithItsCause() {
        GraalPyRuntime closed = new GraalPyRuntime(BytecodeStore.empty());
        closed.close();
        try (ContextPool pool = closed.newPool(1, Set.of())) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> pool.take(NOWHERE, NOWHERE));
            assertTrue(failure.getMessage().startsWith("building a GraalPy context failed: "), failure.getMessage());
            assertTrue(failure.getCause() instanceof IllegalStateException || failure.getCause() instanceof PolyglotException,
                    String.valueOf(failure.getCause()));
        }
    }

    @Test
    void aPoolHandsOutNoContextWithPythonThreads() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TestRuntime.shared().newPool(1, Set.of(Sandbox.Grant.PYTHON_THREADS)));
        assertEquals("a context pool cannot hand out contexts with Python threads", refused.getMessage());
    }

    @Test
    void aPoolHoldsAtLeastOneContext() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TestRuntime.shared().newPool(0, Set.of()));
        assertEquals("a context pool holds at least one context, not 0", refused.getMessage());
        assertFalse(refused.getMessage().isEmpty());
    }
}
