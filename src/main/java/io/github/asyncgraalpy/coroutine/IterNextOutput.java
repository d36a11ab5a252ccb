package io.github.asyncgraalpy.coroutine;

import org.graalvm.polyglot.HostAccess;

/**
 * One step of an iterator, the Java form of PyO3's {@code IterNextOutput}: either it yields a value (the coroutine
 * suspends, and the event loop sees the value) or it returns one (Python raises {@code StopIteration(value)}, and
 * {@code await} evaluates to the value).
 *
 * <p>Java code returns it from {@link PyIterator#next()}; {@link PythonIterator} gives it back when Java drives a
 * Python iterator, so both directions speak the same type.
 */
public sealed interface IterNextOutput permits IterNextOutput.Yield, IterNextOutput.Return {

    /** The iterator suspends with {@code value}; for a coroutine under asyncio, {@code null} is a bare yield. */
    static IterNextOutput yielding(Object value) {
        return new Yield(value);
    }

    /** The iterator is exhausted and returns {@code value}: {@code StopIteration(value)} in Python. */
    static IterNextOutput returning(Object value) {
        return new Return(value);
    }

    /** The value yielded or returned; {@code null} is Python's {@code None}. */
    @HostAccess.Export
    Object value();

    /** True for {@link Return}: Python raises {@code StopIteration(value())}. */
    @HostAccess.Export
    boolean isReturn();

    /** {@code IterNextOutput::Yield}. */
    record Yield(Object value) implements IterNextOutput {
        @HostAccess.Export
        @Override
        public Object value() {
            return value;
        }

        @HostAccess.Export
        @Override
        public boolean isReturn() {
            return false;
        }
    }

    /** {@code IterNextOutput::Return}. */
    record Return(Object value) implements IterNextOutput {
        @HostAccess.Export
        @Override
        public Object value() {
            return value;
        }

        @HostAccess.Export
        @Override
        public boolean isReturn() {
            return true;
        }
    }
}
