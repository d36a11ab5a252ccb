package io.github.asyncgraalpy.runtime.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * What the bootstrap's {@code install(config)} is given for one context: typed {@link BootstrapSetting settings} that
 * the runtime and the library's {@link BootstrapPart parts} give, and the runtime's choices the parts build theirs
 * from. Python gets it as one map ({@link #forPython()}), once every declared setting has been given.
 */
public final class BootstrapConfig {

    /** One setting's value, kept with its setting, so that each is converted for Python at its own type. */
    private record Given<T>(BootstrapSetting<T> setting, T value) {

        Object forPython() {
            return setting.forPython(value);
        }
    }

    private final boolean pythonThreadsGranted;
    private final Optional<Executor> blockingCallExecutor;
    private final Map<BootstrapSetting<?>, Given<?>> given = new HashMap<>();

    /**
     * A configuration that gives {@link BootstrapSetting#PYTHON_THREADS_GRANTED} already.
     *
     * @param blockingCallExecutor where the loops' blocking calls run, if the application gave an executor
     */
    public BootstrapConfig(boolean pythonThreadsGranted, Optional<Executor> blockingCallExecutor) {
        this.pythonThreadsGranted = pythonThreadsGranted;
        this.blockingCallExecutor = Objects.requireNonNull(blockingCallExecutor, "blockingCallExecutor");
        give(BootstrapSetting.PYTHON_THREADS_GRANTED, pythonThreadsGranted);
    }

    /** Whether the context was granted Python threads ({@code Sandbox.Grant.PYTHON_THREADS}). */
    public boolean pythonThreadsGranted() {
        return pythonThreadsGranted;
    }

    /** The executor the application gave for blocking calls, or none: each loop then starts one of its own. */
    public Optional<Executor> blockingCallExecutor() {
        return blockingCallExecutor;
    }

    /**
     * Gives {@code setting} its value, once.
     *
     * @throws IllegalStateException when the setting was given already: two parts would claim it
     */
    public <T> BootstrapConfig give(BootstrapSetting<T> setting, T value) {
        Given<T> entry = new Given<>(setting, Objects.requireNonNull(value, setting.pythonName()));
        if (given.putIfAbsent(setting, entry) != null) {
            throw new IllegalStateException("the bootstrap setting " + setting + " is given twice");
        }
        return this;
    }

    /**
     * Every setting by its Python name, as {@code install} reads them.
     *
     * @throws IllegalStateException naming each setting not given and who should have given it
     */
    public Map<String, Object> forPython() {
        Map<String, Object> config = new LinkedHashMap<>();
        List<BootstrapSetting<?>> missing = new ArrayList<>();
        for (BootstrapSetting<?> setting : BootstrapSetting.ALL) {
            Given<?> entry = given.get(setting);
            if (entry == null) {
                missing.add(setting);
            } else {
                config.put(setting.pythonName(), entry.forPython());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the bootstrap's configuration lacks " + missing.stream().map(Object::toString)
                    .collect(Collectors.joining(", ")) + ": is the library's jar complete?");
        }
        return config;
    }
}
