package io.github.asyncgraalpy.internal;

import io.github.asyncgraalpy.coroutine.CoroutineSteps;
import io.github.asyncgraalpy.coroutine.PyAsyncSource;
import io.github.asyncgraalpy.coroutine.PyAwaitable;
import io.github.asyncgraalpy.coroutine.PyCoroutine;
import io.github.asyncgraalpy.coroutine.PyIterator;
import io.github.asyncgraalpy.coroutine.internal.StepSignal;
import io.github.asyncgraalpy.runtime.internal.BootstrapPart;
import java.util.List;
import java.util.Map;

/**
 * The coroutine protocols' part of the bootstrap: the interfaces Python gives special methods to, the step signals,
 * and the protocols' Java calls as functions of the Java object ({@link CoroutineSteps}).
 */
public final class CoroutineBootstrap implements BootstrapPart {

    @Override
    public void contribute(Map<String, Object> config) {
        config.put("awaitable_interface", PyAwaitable.class.getName());
        config.put("iterator_interface", PyIterator.class.getName());
        config.put("coroutine_interface", PyCoroutine.class.getName());
        config.put("source_interface", PyAsyncSource.class.getName());
        config.put("coroutine_signals", List.of(StepSignal.DONE, StepSignal.FAILED));
        config.put("coroutine_steps", new CoroutineSteps());
    }
}
