/**
 * Python's coroutine protocols in Java, both ways. Java implements them and Python awaits the result as it awaits an
 * {@code async def}: {@link io.github.asyncgraalpy.coroutine.PyAwaitable}, {@link io.github.asyncgraalpy.coroutine.PyIterator},
 * {@link io.github.asyncgraalpy.coroutine.JavaCoroutine}, {@link io.github.asyncgraalpy.coroutine.IteratorCoroutine},
 * {@link io.github.asyncgraalpy.coroutine.PyAsyncSource} (for {@code async for}), and the exception a step raises in
 * Python, {@link io.github.asyncgraalpy.coroutine.PyError}.
 * Java drives what Python wrote: {@link io.github.asyncgraalpy.coroutine.PythonIterator}.
 */
package io.github.asyncgraalpy.coroutine;
