package io.github.asyncgraalpy.coroutine;

import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;

/**
 * A Java source of elements that arrive asynchronously, for {@code async for}: every context of
 * {@code GraalPyRuntime} gives implementors {@code __aiter__} and {@code __anext__}, which awaits
 * {@link #nextElement()} and ends at {@link #isEnd}.
 */
public interface PyAsyncSource {

    /** The next element, or the end marker once the source is exhausted; may complete on any thread. */
    @HostAccess.Export
    CompletableFuture<Object> nextElement();

    /** True for the marker that ends the iteration. */
    @HostAccess.Export
    boolean isEnd(Object element);
}
