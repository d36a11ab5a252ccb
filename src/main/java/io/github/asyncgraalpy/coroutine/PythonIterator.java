package io.github.asyncgraalpy.coroutine;

import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.internal.BootstrapMember;
import java.util.Objects;
import org.graalvm.polyglot.Value;

/**
 * Java driving a Python iterator, such as the one {@code coroutine.__await__()} returns: each {@link #next()} or
 * {@link #send} is one {@code __next__}/{@code send} and comes back as an {@link IterNextOutput}, the same type a
 * Java {@link PyIterator} gives Python. The {@code StopIteration} that ends the iterator is a
 * {@link IterNextOutput.Return}, not an exception; any other Python exception is a
 * {@link io.github.asyncgraalpy.runtime.PythonException}.
 */
public final class PythonIterator {

    private final PythonContext python;
    private final Value iterator;
    private final Value step;
    private boolean exhausted;

    private PythonIterator(PythonContext python, Value iterator) {
        this.python = python;
        this.iterator = iterator;
        this.step = BootstrapMember.STEP.of(python.module());
    }

    /** Wraps a Python iterator; {@code iterator} must come from {@code python}'s context. */
    public static PythonIterator of(PythonContext python, Value iterator) {
        Objects.requireNonNull(python, "python");
        Objects.requireNonNull(iterator, "iterator");
        if (!iterator.hasMember("__next__")) {
            throw new IllegalArgumentException("not a Python iterator (it has no __next__): " + iterator);
        }
        return new PythonIterator(python, iterator);
    }

    /**
     * The tutorial's {@code await} from Java: {@code awaitable.__await__().__iter__()}, then {@code __next__} until
     * {@code StopIteration}, whose value is returned.
     *
     * @throws IllegalStateException if the awaitable yields something other than a bare yield: it waits on an
     *     event loop's future, which only a running loop can complete
     */
    public static Value await(PythonContext python, Value awaitable) {
        Value iterator = python.call(awaitable.getMember("__await__"));
        PythonIterator steps = of(python, python.call(iterator.getMember("__iter__")));
        while (true) {
            IterNextOutput output = steps.next();
            if (output instanceof IterNextOutput.Return) {
                return (Value) output.value();
            }
            Value yielded = (Value) output.value();
            if (!yielded.isNull()) {
                throw new IllegalStateException("the awaitable yielded " + yielded
                        + ": it waits on an event loop, so drive it with asyncio (asyncio.run) instead of stepping it");
            }
        }
    }

    /** One {@code __next__}. Values are {@link Value}s of this context. */
    public IterNextOutput next() {
        return send(null);
    }

    /** One {@code send(value)}; {@code null} means {@code __next__}, as asyncio's first send of {@code None}. */
    public IterNextOutput send(Object value) {
        if (exhausted) {
            throw new IllegalStateException("the iterator is exhausted: it already returned");
        }
        // Java null is a foreign null, not None, to Python's send(): leave the argument out instead.
        Value result = value == null ? python.call(step, iterator) : python.call(step, iterator, value);
        Value payload = result.getArrayElement(1);
        if (result.getArrayElement(0).asBoolean()) {
            exhausted = true;
            return IterNextOutput.returning(payload);
        }
        return IterNextOutput.yielding(payload);
    }
}
