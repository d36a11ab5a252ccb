package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(120)
class PythonExceptionTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    @Test
    void aPythonErrorArrivesWithTypeMessageAndTraceback() {
        PythonException error = assertThrows(PythonException.class, () -> python.context().runScript(String.join("\n",
                "def check(value):",
                "    raise ValueError(f'bad value: {value}')",
                "check(42)"), "checker.py"));
        assertEquals("ValueError", error.pythonType());
        assertEquals("bad value: 42", error.pythonMessage());
        assertEquals("ValueError: bad value: 42", error.getMessage());
        assertTrue(error.pythonTraceback().startsWith("Traceback (most recent call last):\n"), error.pythonTraceback());
        assertEquals(String.join("\n",
                "Traceback (most recent call last):",
                "  File \"checker.py\", line 3, in <module>",
                "    check(42)",
                "  File \"checker.py\", line 2, in check",
                "    raise ValueError(f'bad value: {value}')",
                "ValueError: bad value: 42",
                ""), error.pythonTraceback(), "the user's frames with their source lines, none of the bootstrap's");
        assertTrue(error.pythonTraceback().endsWith("ValueError: bad value: 42\n"), error.pythonTraceback());
        assertInstanceOf(PolyglotException.class, error.getCause());
    }

    @Test
    void typesOutsideBuiltinsAreQualifiedByTheirModule() {
        PythonException error = assertThrows(PythonException.class,
                () -> python.run("import asyncio\nraise asyncio.CancelledError()"));
        assertEquals("asyncio.exceptions.CancelledError", error.pythonType());
        assertEquals("asyncio.exceptions.CancelledError", error.getMessage(), "no message: the type alone");
    }

    @Test
    void classesDefinedByTheScriptKeepTheirOwnName() {
        PythonException error = assertThrows(PythonException.class,
                () -> python.run("class BrokenPromise(Exception):\n    pass\nraise BrokenPromise('never kept')"));
        assertEquals("BrokenPromise", error.pythonType());
        assertEquals("never kept", error.pythonMessage());
    }

    @Test
    void sysExitIsAPythonExceptionAndLeavesTheSharedContextUsable() {
        PythonException error = assertThrows(PythonException.class, () -> python.run("import sys\nsys.exit(3)"));
        assertEquals("SystemExit", error.pythonType());
        assertEquals(new PythonContext.ScriptExit(3, false, java.util.Optional.empty()), python.context().scriptExit(error));
        assertEquals(2, python.context().eval("1 + 1").asInt());
        assertEquals(new PythonContext.ScriptExit(1, true, java.util.Optional.empty()),
                python.context().scriptExit(new PythonException("ValueError", "3", "", null)), "described in Java: a traceback and 1");
    }

    @Test
    void anExceptionWhoseStrRaisesIsStillAPythonException() {
        PythonException error = assertThrows(PythonException.class, () -> python.run(String.join("\n",
                "class Unprintable(Exception):",
                "    def __str__(self):",
                "        raise RuntimeError('no words')",
                "raise Unprintable()")));
        assertEquals("Unprintable", error.pythonType());
        assertEquals("<exception str() failed>", error.pythonMessage());
        assertTrue(error.pythonTraceback().endsWith("Unprintable: <exception str() failed>\n"), error.pythonTraceback());
    }

    @Test
    void syntaxErrorsAreAlsoPythonExceptions() {
        PythonException error = assertThrows(PythonException.class, () -> python.run("def broken(:\n    pass"));
        assertEquals("SyntaxError", error.pythonType());
    }

    /** A Java object whose exported method throws. */
    public static final class Thrower {
        @HostAccess.Export
        public void fail() {
            throw new IllegalStateException("from Java");
        }
    }

    @Test
    void aJavaExceptionThrownThroughPythonStaysAJavaException() {
        PolyglotException error = assertThrows(PolyglotException.class,
                () -> python.context().call(python.context().eval("lambda thrower: thrower.fail()"), new Thrower()));
        assertTrue(error.isHostException(), error.toString());
        assertInstanceOf(IllegalStateException.class, error.asHostException());
        assertEquals("from Java", error.asHostException().getMessage());
    }
}
