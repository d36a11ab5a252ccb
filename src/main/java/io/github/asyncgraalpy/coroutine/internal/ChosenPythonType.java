package io.github.asyncgraalpy.coroutine.internal;

/**
 * An exception that says which Python exception it raises when it leaves a Java coroutine step: how the step's
 * outcome recognises {@code PyError} without naming it.
 */
public interface ChosenPythonType {

    /** The Python exception type to raise: a builtin name ({@code ValueError}) or a qualified one ({@code asyncio.CancelledError}). */
    String pythonType();
}
