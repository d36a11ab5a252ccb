package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.bridge.internal.PythonSourcePublisher;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.internal.BootstrapMember;
import java.util.Objects;
import java.util.concurrent.Flow;
import org.graalvm.polyglot.Value;

/**
 * Python async generators and async iterators as {@link Flow.Publisher}s for Java subscribers, driven by their
 * demand: the other direction of {@code async for} over a Java publisher ({@code asyncgraalpy.wrap_publisher}).
 *
 * <ul>
 *   <li>No element is produced before it is requested: the loop pulls the next one from the iterable only while the
 *       subscriber's demand is positive.
 *   <li>Every signal comes from the loop's thread, one at a time; {@code request} and {@code cancel} may come from
 *       any thread.
 *   <li>{@code cancel()} throws {@code CancelledError} into the generator where it waits, or closes it
 *       ({@code aclose()}) when it waits for demand: its {@code finally} runs.
 *   <li>An exception in the generator is {@code onError} with a {@link io.github.asyncgraalpy.runtime.PythonException};
 *       the loop closing under a subscription is {@code onError(CancellationException)}.
 *   <li>A publisher of one async iterable serves one subscriber (a second gets {@code onError}); a publisher of a
 *       function that makes one (an {@code async def} generator function taking no arguments) serves each
 *       subscriber with a fresh iterable.
 * </ul>
 *
 * <p>Python code makes the same publisher with {@code asyncgraalpy.as_publisher(source)} on asyncgraalpy's loop, and
 * Java code that Python calls with {@link #onRunningLoop}.
 */
public final class PythonPublisher {

    private PythonPublisher() {
    }

    /**
     * Publishes {@code source}, an async iterable or a function of no arguments that makes one, from {@code loop}.
     * Subscribing to a publisher whose loop has closed gets {@code onError(IllegalStateException)}.
     */
    public static Flow.Publisher<Value> of(AsyncioLoopThread loop, Value source) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(source, "source");
        return new PythonSourcePublisher(source, loop.selector());
    }

    /**
     * Publishes {@code source} from the asyncio loop running on this thread: for Java code that Python calls from a
     * coroutine (a constructor or method of a class the script uses), as {@code asyncgraalpy.as_publisher} does.
     *
     * @throws IllegalStateException on a thread that is not running Python on asyncgraalpy's event loop
     */
    public static Flow.Publisher<Value> onRunningLoop(Value source) {
        Objects.requireNonNull(source, "source");
        PythonContext python = PythonContext.calling().orElseThrow(() -> new IllegalStateException(
                "PythonPublisher.onRunningLoop is for Java code that Python calls on asyncgraalpy's event loop"));
        // as_publisher is a Python function a script could replace: only a publisher of this library is taken.
        Value made = BootstrapMember.AS_PUBLISHER.of(python.module()).execute(source);
        if (!(made.isHostObject() && made.asHostObject() instanceof PythonSourcePublisher publisher)) {
            throw new IllegalStateException("asyncgraalpy.as_publisher was replaced: it returned no publisher of this library");
        }
        return publisher;
    }
}
