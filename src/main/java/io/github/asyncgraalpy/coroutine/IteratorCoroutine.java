package io.github.asyncgraalpy.coroutine;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.graalvm.polyglot.HostAccess;

/**
 * Any Java {@link Iterator} (or {@link Iterable}) awaited as a coroutine: it takes one element per step, suspends
 * after each, and returns {@code result} when the iterator is exhausted; the twin of
 * <pre>{@code
 * async def drain(iterable, result):
 *     for _ in iterable:
 *         await asyncio.sleep(0)
 *     return result
 * }</pre>
 * An iterator that breaks its contract (an element promised by {@code hasNext()} that {@code next()} does not give)
 * ends the coroutine with a clear error; an endless one never blocks the loop and can be cancelled.
 *
 * @param <R> the result type
 */
public final class IteratorCoroutine<R> extends JavaCoroutine<R> {

    private final Object source;
    private final R result;
    private Iterator<?> iterator;
    private long taken;

    /** The coroutine over {@code iterator}'s remaining elements. */
    public static <R> IteratorCoroutine<R> over(Iterator<?> iterator, R result) {
        return new IteratorCoroutine<>(Objects.requireNonNull(iterator, "iterator"), result);
    }

    /**
     * From Python: {@code IteratorCoroutine(java_iterator_or_iterable, result)}. As with {@code drain(123, None)} in
     * Python, a source that is no iterator fails when the coroutine runs, with {@code TypeError}.
     */
    @HostAccess.Export
    public IteratorCoroutine(Object iteratorOrIterable, R result) {
        this.source = iteratorOrIterable;
        this.result = result;
    }

    private static Iterator<?> asIterator(Object source) {
        if (source instanceof Iterator<?> iterator) {
            return iterator;
        }
        if (source instanceof Iterable<?> iterable) {
            return Objects.requireNonNull(iterable.iterator(), () -> source.getClass().getName() + ".iterator() returned null");
        }
        throw new PyError("TypeError", "IteratorCoroutine needs a java.util.Iterator or java.lang.Iterable, got "
                + (source == null ? "None" : source.getClass().getName()));
    }

    /** How many elements were taken so far. */
    @HostAccess.Export
    public long taken() {
        return taken;
    }

    @Override
    protected IterNextOutput step(Object sent) {
        if (iterator == null) {
            iterator = asIterator(source);
        }
        if (!iterator.hasNext()) {
            return complete(result);
        }
        try {
            iterator.next();
        } catch (NoSuchElementException broken) {
            throw new IllegalStateException(iterator.getClass().getName() + " broke the Iterator contract: hasNext() was true"
                    + " but next() threw NoSuchElementException after " + taken + " elements", broken);
        }
        taken++;
        return suspend();
    }
}
