package io.github.asyncgraalpy.testing.pythonfacing;

import io.github.asyncgraalpy.coroutine.IterNextOutput;
import io.github.asyncgraalpy.coroutine.JavaCoroutine;
import io.github.asyncgraalpy.coroutine.PyError;
import io.github.asyncgraalpy.runtime.PythonException;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.HostAccess;

/**
 * A Java coroutine that yields to the loop {@code yields} times and then ends, with a value
 * ({@code YieldingCoroutine(n, value)}, as an {@code async def} returns after n {@code await asyncio.sleep(0)}) or by
 * raising a Python exception ({@code YieldingCoroutine.raising(n, 'ValueError', 'message')}). It writes down what the
 * loop does to it in the words the coroutine contract compares with an {@code async def}: {@code "send None"} for each
 * value sent in, {@code "throw CancelledError"} for an exception thrown in (raised again), {@code "close"} for a close
 * while suspended.
 */
public final class YieldingCoroutine extends JavaCoroutine<Object> {

    private final List<String> events = new ArrayList<>();
    private final Object value;
    private final PyError ending;
    private int yieldsLeft;

    private YieldingCoroutine(int yields, Object value, PyError ending) {
        this.yieldsLeft = yields;
        this.value = value;
        this.ending = ending;
    }

    @HostAccess.Export
    public YieldingCoroutine(int yields, Object value) {
        this(yields, value, null);
    }

    /** Yields {@code yields} times, then raises {@code pythonType(message)}. */
    @HostAccess.Export
    public static YieldingCoroutine raising(int yields, String pythonType, String message) {
        return new YieldingCoroutine(yields, null, new PyError(pythonType, message));
    }

    /** What the loop did to it so far, oldest first. */
    @HostAccess.Export
    public List<String> events() {
        return new ArrayList<>(events);
    }

    @Override
    protected IterNextOutput step(Object sent) {
        events.add(sent == null ? "send None" : "send " + sent);
        if (yieldsLeft > 0) {
            yieldsLeft--;
            return suspend();
        }
        if (ending == null) {
            return complete(value);
        }
        throw ending;
    }

    @Override
    protected IterNextOutput onThrow(PythonException thrown) {
        events.add("throw " + unqualified(thrown.pythonType()));
        throw thrown;
    }

    @Override
    protected void onClose() {
        events.add("close");
    }

    /** {@code CancelledError} of {@code asyncio.exceptions.CancelledError}: the name an {@code async def} would see. */
    private static String unqualified(String pythonType) {
        return pythonType.substring(pythonType.lastIndexOf('.') + 1);
    }
}
