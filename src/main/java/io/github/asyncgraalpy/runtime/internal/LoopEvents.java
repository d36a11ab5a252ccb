package io.github.asyncgraalpy.runtime.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The events Java threads post to a loop's inbox: for each {@link Kind}, the Java class whose instances the loop's
 * thread applies, as the Python type install registers for that kind ({@code _events} and {@code _streams}). The kinds
 * are declared once here and once in {@code _seam.LOOP_EVENTS}.
 */
public final class LoopEvents {

    /** What an event from Java is; its Python name is the constant's, in lower case. */
    public enum Kind {
        /** A Java future's outcome, for the asyncio future awaiting it. */
        FUTURE,
        /** Java futures' outcomes, queued for the loop and settled in one host call. */
        COMPLETIONS,
        /** A coroutine Java submitted to run as a task. */
        SUBMIT,
        /** Java gave up on a submission: its task is cancelled. */
        CANCEL,
        /** Stop the loop. */
        STOP,
        /** Answer Java: the loop is going through its inbox. */
        PING,
        /** A Python async iterable's publisher got a subscriber. */
        PUBLISH;

        /** The kind's name in Python. */
        public String pythonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<String, Class<?>> byPythonName;

    private LoopEvents(Map<String, Class<?>> byPythonName) {
        this.byPythonName = byPythonName;
    }

    /**
     * The Java class of every kind of event.
     *
     * @throws IllegalArgumentException naming the kinds without a class
     */
    public static LoopEvents of(Map<Kind, Class<?>> classes) {
        List<Kind> missing = Arrays.stream(Kind.values()).filter(kind -> !classes.containsKey(kind)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no Java class for the loop events " + missing);
        }
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            byName.put(kind.pythonName(), classes.get(kind));
        }
        return new LoopEvents(Map.copyOf(byName));
    }

    /** The classes by the kind's Python name: what install reads. */
    Map<String, Class<?>> byPythonName() {
        return byPythonName;
    }
}
