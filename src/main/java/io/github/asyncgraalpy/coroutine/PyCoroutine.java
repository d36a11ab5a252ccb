package io.github.asyncgraalpy.coroutine;

/**
 * Marker of the Java classes that Python sees as full coroutines; {@link JavaCoroutine} is the one to extend. Every
 * context of {@code GraalPyRuntime} gives implementors {@code __await__}, {@code __iter__}, {@code __next__},
 * {@code send}, {@code throw} and {@code close}, so {@code asyncio.iscoroutine} is true and
 * {@code asyncio.create_task} accepts them.
 */
public sealed interface PyCoroutine permits JavaCoroutine {}
