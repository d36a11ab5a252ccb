package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.coroutine.IterNextOutput;
import io.github.asyncgraalpy.coroutine.JavaCoroutine;
import io.github.asyncgraalpy.runtime.PythonException;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.HostAccess;

/**
 * A {@link Countdown} that writes down what happens to it, for comparing with a Python coroutine event by event:
 * {@code send None} for each value sent in, {@code throw CancelledError} for each exception thrown in (which it then
 * re-raises), {@code close} when closed while suspended.
 */
public final class Recorder extends JavaCoroutine<Object> {

    private final Object result;
    private final List<String> events = new ArrayList<>();
    private int remaining;

    @HostAccess.Export
    public Recorder(int n, Object result) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be 0 or more, was " + n);
        }
        this.remaining = n;
        this.result = result;
    }

    /** The events so far, oldest first; a Python list of strings. */
    @HostAccess.Export
    public List<String> events() {
        return List.copyOf(events);
    }

    @Override
    protected IterNextOutput step(Object sent) {
        events.add("send " + (sent == null ? "None" : sent));
        if (remaining > 0) {
            remaining--;
            return suspend();
        }
        return complete(result);
    }

    @Override
    protected IterNextOutput onThrow(PythonException thrown) {
        String type = thrown.pythonType();
        events.add("throw " + type.substring(type.lastIndexOf('.') + 1));
        throw thrown;
    }

    @Override
    protected void onClose() {
        events.add("close");
    }
}
