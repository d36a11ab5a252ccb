package io.github.asyncgraalpy.coroutine;

import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;

/**
 * A Java source of elements that arrive asynchronously, for {@code async for}: every context of
 * {@code GraalPyRuntime} gives implementors {@code __aiter__} and {@code __anext__}, which awaits
 * {@link #nextElement()} and ends at {@link #isEnd}. A source that can say at once whether an element is there
 * overrides {@link #elementIfReady()}: {@code async for} then takes such elements without a future each.
 */
public interface PyAsyncSource {

    /** The next element, or the end marker once the source is exhausted; may complete on any thread. */
    @HostAccess.Export
    CompletableFuture<Object> nextElement();

    /** True for the marker that ends the iteration. */
    @HostAccess.Export
    boolean isEnd(Object element);

    /**
     * The next element if it is there now, taken as {@link #nextElement()} would take it; null when none is (not
     * yet, or the source is exhausted: {@code async for} then awaits {@link #nextElement()}, which also gives the end
     * marker). Never waits. By default null: every element goes through {@link #nextElement()}.
     */
    @HostAccess.Export
    default Object elementIfReady() {
        return null;
    }
}
