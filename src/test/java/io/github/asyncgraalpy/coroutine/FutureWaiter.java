package io.github.asyncgraalpy.coroutine;

import io.github.asyncgraalpy.runtime.PythonException;
import java.util.List;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * Test double: waits on an asyncio future, then returns its result doubled; remembers what was thrown into it, as
 * Java sees it.
 */
public final class FutureWaiter extends JavaCoroutine<Object> {

    private final Value future;
    private boolean waiting;
    private PythonException thrownIn;

    @HostAccess.Export
    public FutureWaiter(Value future) {
        this.future = future;
    }

    @Override
    protected IterNextOutput step(Object sent) {
        if (!waiting) {
            waiting = true;
            return suspendOn(future);
        }
        return complete(future.invokeMember("result").asInt() * 2);
    }

    @Override
    protected IterNextOutput onThrow(PythonException thrown) {
        thrownIn = thrown;
        throw thrown;
    }

    /** {@code [type, message, traceback]} of the exception thrown in, as the hook received it. */
    @HostAccess.Export
    public List<String> thrownIn() {
        return thrownIn == null ? null : List.of(thrownIn.pythonType(), thrownIn.pythonMessage(), thrownIn.pythonTraceback());
    }
}
