/**
 * The sandboxed GraalPy runtime: {@link io.github.asyncgraalpy.runtime.GraalPyRuntime} builds contexts (one engine
 * per runtime; {@code builder()} opens an application's packages to Python), {@link io.github.asyncgraalpy.runtime.PythonContext}
 * runs Python in one, {@link io.github.asyncgraalpy.runtime.PrestartedContexts} starts them ahead of need, and
 * {@link io.github.asyncgraalpy.runtime.Sandbox} says what Python may do. Every context gets an asyncio event loop that
 * waits and wakes through Java, so asyncio runs without host sockets or files.
 */
package io.github.asyncgraalpy.runtime;
