package io.github.asyncgraalpy.coroutine.internal;

/**
 * What a Java coroutine's step returns to Python instead of a yielded value: it finished (its result waits in
 * {@code takeResult()}), or ended with an exception ({@code takeError()}). Python tells them from yielded values by
 * identity; the bootstrap receives both once, from {@code io.github.asyncgraalpy.internal.CoroutineBootstrap}.
 */
public enum StepSignal { DONE, FAILED }
