package io.github.asyncgraalpy.runtime.internal;

import java.util.Locale;
import org.graalvm.polyglot.Value;

/**
 * The members of the bootstrap package {@code asyncgraalpy} that Java calls or reads, declared once: each one's
 * Python name is the constant's, in lower case. {@code _seam.JAVA_CALLS} lists the same on the Python side, and
 * {@code BootstrapSeamTest} holds the two together and to the installed package.
 */
public enum BootstrapMember {
    /** {@code install(config)}: GraalPyRuntime, once per context. */
    INSTALL,
    /** {@code import_seconds}: how long the bootstrap's import of asyncio took, a phase of start-up. */
    IMPORT_SECONDS,
    /** {@code describe_exception(exc)}: a Python exception as Java reports it. */
    DESCRIBE_EXCEPTION,
    /** {@code run_script(source, filename, name)}: a script or a module in a namespace of its own. */
    RUN_SCRIPT,
    /** {@code run_loop_thread(ready)}: the body of an AsyncioLoopThread. */
    RUN_LOOP_THREAD,
    /** {@code flush_stdio()}: Python's buffered output, before Java writes its own. */
    FLUSH_STDIO,
    /** {@code step(iterator, value)}: Java driving a Python iterator (PythonIterator). */
    STEP,
    /** {@code as_publisher(source)}: a Python async iterable as a Flow.Publisher (PythonPublisher). */
    AS_PUBLISHER;

    /** The member's name in the package. */
    public String pythonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * This member of the installed package.
     *
     * @param module the package {@code asyncgraalpy} of a context
     * @throws IllegalStateException naming the member when the package lacks it
     */
    public Value of(Value module) {
        Value member = module.getMember(pythonName());
        if (member == null) {
            throw new IllegalStateException("the bootstrap package asyncgraalpy has no member " + pythonName()
                    + " (BootstrapMember." + name() + "), which Java calls: its _seam.JAVA_CALLS and BootstrapMember disagree");
        }
        return member;
    }
}
