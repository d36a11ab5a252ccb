package io.github.asyncgraalpy.runtime.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One setting the bootstrap's {@code install(config)} reads: its name in Python, who gives it (the runtime or one of
 * the library's {@link BootstrapPart parts}), and, as the type parameter, the Java type of its value, so that nothing
 * gives a setting a value of another type. Every setting is declared here, once; {@code asyncgraalpy/_seam.py}
 * declares the same on the Python side ({@code SETTINGS}), and {@code BootstrapSeamTest} holds the two together.
 *
 * @param <T> the value's Java type; a type of a layer above the runtime, which this package may not name, is
 *     {@code Object} here, and named in the constant's Javadoc
 */
public final class BootstrapSetting<T> {

    private static final String COROUTINES = "the coroutine protocols (CoroutineBootstrap)";
    private static final String BRIDGE = "the futures bridge (BridgeBootstrap)";

    /** What each of the context's event loops waits in: the loop's Java half. */
    public static final BootstrapSetting<JavaSelector.Factory> SELECTOR_FACTORY = new BootstrapSetting<>("selector_factory",
            "the runtime (JavaSelector.Factory)");
    /** {@code NetworkEvent}: what a loop's sockets did, which Python gives a type that applies it. */
    public static final BootstrapSetting<Class<?>> NETWORK_EVENT = new BootstrapSetting<>("network_event",
            "the runtime (NetworkEvent)");
    /** Whether the context may start Python threads: without, the bootstrap denies them with a clean error. */
    public static final BootstrapSetting<Boolean> PYTHON_THREADS_GRANTED = new BootstrapSetting<>("python_threads_granted",
            "the runtime (Sandbox.Grant.PYTHON_THREADS)");
    /** RFC 3491's nameprep from the JDK: the {@code idna} codec's Unicode 3.2 step, which GraalPy has only in native code. */
    public static final BootstrapSetting<Nameprep> NAMEPREP = new BootstrapSetting<>("nameprep", "the runtime (Nameprep)");
    /** The JDK's XML parser as expat's events, and the source of the {@code pyexpat} over it, which GraalPy has only in native code. */
    public static final BootstrapSetting<XmlEventReader> XML_READER = new BootstrapSetting<>("xml_reader", "the runtime (XmlEventReader)");
    /** The class name of {@code coroutine.PyAwaitable}, which Python gives {@code __await__}. */
    public static final BootstrapSetting<String> AWAITABLE_INTERFACE = new BootstrapSetting<>("awaitable_interface", COROUTINES);
    /** The class name of {@code coroutine.PyIterator}, which Python gives {@code __iter__} and {@code __next__}. */
    public static final BootstrapSetting<String> ITERATOR_INTERFACE = new BootstrapSetting<>("iterator_interface", COROUTINES);
    /** The class name of {@code coroutine.PyCoroutine}, which Python gives the coroutine protocol. */
    public static final BootstrapSetting<String> COROUTINE_INTERFACE = new BootstrapSetting<>("coroutine_interface", COROUTINES);
    /** The class name of {@code coroutine.PyAsyncSource}, which Python gives {@code __aiter__} and {@code __anext__}. */
    public static final BootstrapSetting<String> SOURCE_INTERFACE = new BootstrapSetting<>("source_interface", COROUTINES);
    /** {@code coroutine.internal.StepSignal.DONE}: a coroutine step that finished, told from a yielded value by identity. */
    public static final BootstrapSetting<Enum<?>> COROUTINE_DONE = new BootstrapSetting<>("coroutine_done", COROUTINES);
    /** {@code coroutine.internal.StepSignal.FAILED}: a coroutine step that failed. */
    public static final BootstrapSetting<Enum<?>> COROUTINE_FAILED = new BootstrapSetting<>("coroutine_failed", COROUTINES);
    /** A {@code coroutine.CoroutineSteps}: the protocols' Java calls as functions of the Java object. */
    public static final BootstrapSetting<Object> COROUTINE_STEPS = new BootstrapSetting<>("coroutine_steps", COROUTINES);
    /** A {@code bridge.internal.JavaFutures}: what watches Java futures for asyncio. */
    public static final BootstrapSetting<Object> JAVA_FUTURES = new BootstrapSetting<>("java_futures", BRIDGE);
    /** A {@code bridge.internal.JavaStreams}: Flow publishers both ways. */
    public static final BootstrapSetting<Object> JAVA_STREAMS = new BootstrapSetting<>("java_streams", BRIDGE);
    /** A {@code bridge.internal.BlockingCalls.Factory}: blocking calls on Java threads. */
    public static final BootstrapSetting<Object> BLOCKING_CALLS = new BootstrapSetting<>("blocking_calls", BRIDGE);
    /** {@code java.util.concurrent.Flow.Publisher}, which Python gives {@code __aiter__}. */
    public static final BootstrapSetting<Class<?>> PUBLISHER_INTERFACE = new BootstrapSetting<>("publisher_interface", BRIDGE);
    /** The Java classes of the events Java threads post to a loop's inbox; Python gets them by kind, as a map. */
    public static final BootstrapSetting<LoopEvents> LOOP_EVENTS = new BootstrapSetting<>("loop_events", BRIDGE,
            LoopEvents::byPythonName);

    /** Every setting, in the order {@code _seam.SETTINGS} lists them. */
    public static final List<BootstrapSetting<?>> ALL = List.of(SELECTOR_FACTORY, NETWORK_EVENT, PYTHON_THREADS_GRANTED, NAMEPREP, XML_READER,
            AWAITABLE_INTERFACE,
            ITERATOR_INTERFACE, COROUTINE_INTERFACE, SOURCE_INTERFACE, COROUTINE_DONE, COROUTINE_FAILED, COROUTINE_STEPS,
            JAVA_FUTURES, JAVA_STREAMS, BLOCKING_CALLS, PUBLISHER_INTERFACE, LOOP_EVENTS);

    private final String pythonName;
    private final String givenBy;
    private final Function<? super T, ?> forPython;

    private BootstrapSetting(String pythonName, String givenBy) {
        this(pythonName, givenBy, value -> value);
    }

    private BootstrapSetting(String pythonName, String givenBy, Function<? super T, ?> forPython) {
        this.pythonName = pythonName;
        this.givenBy = givenBy;
        this.forPython = forPython;
    }

    /** The key {@code install} reads it under. */
    public String pythonName() {
        return pythonName;
    }

    /** Who gives it, as the error for a missing setting says: the runtime, or a part and its class. */
    public String givenBy() {
        return givenBy;
    }

    /** The value as Python gets it: the value itself, but for what Python reads as a map ({@link LoopEvents}). */
    Object forPython(T value) {
        return forPython.apply(value);
    }

    /** Every setting by its Python name, with who gives it: what {@code _seam.SETTINGS} must say too. */
    public static Map<String, String> givers() {
        Map<String, String> givers = new LinkedHashMap<>();
        ALL.forEach(setting -> givers.put(setting.pythonName, setting.givenBy));
        return givers;
    }

    @Override
    public String toString() {
        return pythonName + " (from " + givenBy + ")";
    }
}
