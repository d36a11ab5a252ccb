package io.github.asyncgraalpy.internal;

import io.github.asyncgraalpy.coroutine.CoroutineSteps;
import io.github.asyncgraalpy.coroutine.PyAsyncSource;
import io.github.asyncgraalpy.coroutine.PyAwaitable;
import io.github.asyncgraalpy.coroutine.PyCoroutine;
import io.github.asyncgraalpy.coroutine.PyIterator;
import io.github.asyncgraalpy.coroutine.internal.StepSignal;
import io.github.asyncgraalpy.runtime.internal.BootstrapConfig;
import io.github.asyncgraalpy.runtime.internal.BootstrapPart;
import io.github.asyncgraalpy.runtime.internal.BootstrapSetting;

/**
 * The coroutine protocols' part of the bootstrap: the interfaces Python gives special methods to, the step signals,
 * and the protocols' Java calls as functions of the Java object ({@link CoroutineSteps}).
 */
public final class CoroutineBootstrap implements BootstrapPart {

    @Override
    public void contribute(BootstrapConfig config) {
        config.give(BootstrapSetting.AWAITABLE_INTERFACE, PyAwaitable.class.getName());
        config.give(BootstrapSetting.ITERATOR_INTERFACE, PyIterator.class.getName());
        config.give(BootstrapSetting.COROUTINE_INTERFACE, PyCoroutine.class.getName());
        config.give(BootstrapSetting.SOURCE_INTERFACE, PyAsyncSource.class.getName());
        config.give(BootstrapSetting.COROUTINE_DONE, StepSignal.DONE);
        config.give(BootstrapSetting.COROUTINE_FAILED, StepSignal.FAILED);
        config.give(BootstrapSetting.COROUTINE_STEPS, new CoroutineSteps());
    }
}
