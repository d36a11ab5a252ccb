package io.github.asyncgraalpy.coroutine;

import io.github.asyncgraalpy.runtime.internal.Plumbing;
import org.graalvm.polyglot.HostAccess;

/**
 * The Java calls of the coroutine protocols as functions of the Java object, for their Python half
 * ({@code JavaCoroutineMethods}, {@code JavaAwaitable} and {@code JavaIterator} in {@code asyncgraalpy._protocols}),
 * which binds each once per context: a {@link JavaCoroutine}'s steps, a {@link PyAwaitable}'s iterator, a
 * {@link PyIterator}'s next output and what it holds.
 *
 * <p>Why not the objects' own methods: GraalPy reads a method off a Java object anew at every
 * {@code coroutine.advance}, and that read cost more than the call itself (about 90 ns against 30-40 ns on the
 * benchmark's JVM); one await of a coroutine that finishes at once read two, of the tutorial's {@code MyCoroutine}
 * four. A function bound once takes the object as an argument instead.
 *
 * <p>Public, and in the API package, only for the library's Python half: GraalPy reaches public members of packages
 * exported to every module only, and {@code coroutine.internal} may not name the API it serves (the build forbids the
 * cycle).
 */
@Plumbing
public final class CoroutineSteps {

    /** The one the bootstrap gives every context. */
    public CoroutineSteps() {
        // nothing to hold: every call takes the object it is about
    }

    /** {@link JavaCoroutine#advance}. */
    @HostAccess.Export
    public Object advance(JavaCoroutine<?> coroutine, Object sent) {
        return coroutine.advance(sent);
    }

    /** {@link JavaCoroutine#advanceThrow}. */
    @HostAccess.Export
    public Object advanceThrow(JavaCoroutine<?> coroutine, String pythonType, String message, String traceback) {
        return coroutine.advanceThrow(pythonType, message, traceback);
    }

    /** {@link JavaCoroutine#takeResult}. */
    @HostAccess.Export
    public Object takeResult(JavaCoroutine<?> coroutine) {
        return coroutine.takeResult();
    }

    /**
     * {@link JavaCoroutine#takeError}: a {@code RaisedError} of the internal package, for the Python half to raise;
     * {@code Object} here so that no internal type is in the API's signatures.
     */
    @HostAccess.Export
    public Object takeError(JavaCoroutine<?> coroutine) {
        return coroutine.takeError();
    }

    /** {@link PyAwaitable#awaitIterator}. */
    @HostAccess.Export
    public Object awaitIterator(PyAwaitable awaitable) {
        return awaitable.awaitIterator();
    }

    /** {@link PyIterator#next}. */
    @HostAccess.Export
    public IterNextOutput next(PyIterator iterator) {
        return iterator.next();
    }

    /** {@link IterNextOutput#isReturn}. */
    @HostAccess.Export
    public boolean isReturn(IterNextOutput output) {
        return output.isReturn();
    }

    /** {@link IterNextOutput#value}. */
    @HostAccess.Export
    public Object value(IterNextOutput output) {
        return output.value();
    }

    /** {@link JavaCoroutine#closeSuspended}. */
    @HostAccess.Export
    public boolean closeCoroutine(JavaCoroutine<?> coroutine) {
        return coroutine.closeSuspended();
    }
}
