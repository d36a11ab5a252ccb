package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.graalvm.polyglot.HostAccess;

/**
 * What the Python half of a loop thread ({@code run_loop_thread}) tells its Java owner: that the loop runs, and that
 * it stopped. Not for user code; an {@code AsyncioLoopThread} gives one to its loop and nothing else holds it.
 */
public final class LoopThreadEvents {

    private final Consumer<JavaSelector> running;
    private final DoubleSupplier stopped;

    /**
     * @param running told the loop's Java half once the loop runs
     * @param stopped asked once the loop stopped, before its tasks are cancelled: the seconds they get to end
     */
    public LoopThreadEvents(Consumer<JavaSelector> running, DoubleSupplier stopped) {
        this.running = Objects.requireNonNull(running, "running");
        this.stopped = Objects.requireNonNull(stopped, "stopped");
    }

    /** Called on the loop's thread once its loop runs. */
    @HostAccess.Export
    public void loopRunning(JavaSelector loopSelector) {
        running.accept(loopSelector);
    }

    /** Called on the loop's thread once its loop stopped: the seconds its cancelled tasks get to end. */
    @HostAccess.Export
    public double loopStopped() {
        return stopped.getAsDouble();
    }
}
