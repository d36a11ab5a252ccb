package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import java.util.concurrent.Flow;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * Streams for asyncio, both ways: what {@code asyncgraalpy.wrap_publisher} (a Java {@link Flow.Publisher} read with
 * {@code async for}) and {@code asyncgraalpy.as_publisher} (a Python async iterable as a publisher) call. Not for user
 * code.
 */
public final class JavaStreams {

    /** The most elements a reader may ask for ahead of its consumer; beyond it, a window buys nothing but memory. */
    public static final int MAX_WINDOW = 1 << 16;

    /** {@link #MAX_WINDOW}, for Python. */
    @HostAccess.Export
    public int maxWindow() {
        return MAX_WINDOW;
    }

    /** True when {@code candidate} is a {@link Flow.Publisher}. */
    @HostAccess.Export
    public boolean isPublisher(Object candidate) {
        return candidate instanceof Flow.Publisher<?>;
    }

    /**
     * Subscribes a reader for the loop that owns {@code selector} to {@code publisher}; it asks for {@code window} at
     * first. A {@code subscribe} that throws gives a reader whose stream failed with what it threw.
     */
    @HostAccess.Export
    @SuppressWarnings("unchecked")
    public PublisherReader read(Object publisher, int window, JavaSelector selector) {
        if (!(publisher instanceof Flow.Publisher<?> flowPublisher)) {
            throw new IllegalArgumentException("not a java.util.concurrent.Flow.Publisher: " + publisher);
        }
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window must be between 1 and " + MAX_WINDOW + ", was " + window);
        }
        PublisherReader reader = new PublisherReader(selector, window);
        try {
            ((Flow.Publisher<Object>) flowPublisher).subscribe(reader);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (RuntimeException | Error thrown) {
            // Not a raw host exception out of async for: the stream's failure, raised as the JavaError it stands for.
            reader.subscribeThrew(thrown);
        }
        return reader;
    }

    /** {@code source} (an async iterable, or a function that makes one) as a publisher on the loop that owns {@code selector}. */
    @HostAccess.Export
    public Flow.Publisher<Value> publish(Value source, JavaSelector selector) {
        return new PythonSourcePublisher(source, selector);
    }
}
