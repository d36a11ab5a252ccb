"""Installed by GraalPyRuntime into every context, as the package ``asyncgraalpy``, one module per concern.

What the rest of the project relies on:

* an asyncio event loop whose waiting and wake-up go through Java (no socket, no file descriptor), set as the
  default through the event loop policy, so ``asyncio.run`` works in a context without host IO; its Java inbox
  brings completions and submissions from Java threads, in batches;
* clean Python errors where the sandbox denies something that GraalPy would otherwise report as an internal
  error no ``except`` can catch (sockets, ``select``, threads, processes), or let through to the host (signals);
* Python's special methods for Java types, registered once per context on the interfaces so that every
  implementing class gets them: awaitables, iterators and coroutines (``io.github.asyncgraalpy.coroutine``), async
  iteration and ``async with`` (Iterable, Iterator, AutoCloseable, PyAsyncSource), ``await`` on CompletionStage;
* ``wrap_future``: a Java CompletionStage as an asyncio future, for ``gather`` over many of them (``wrap_futures``:
  a list of them in one host call);
* streams with backpressure: ``async for`` over a Java ``Flow.Publisher`` (``wrap_publisher`` sets its window), and
  ``as_publisher``, a Python async iterable as a ``Flow.Publisher`` for Java subscribers;
* the Python half of the bridge: ``run_loop_thread`` for AsyncioLoopThread, ``step`` and ``describe_exception`` for
  Java driving Python.

The Java side hands in what this package needs through ``install``; nothing here looks up a Java class that the
sandbox does not already let scripts see.

The modules, in the order GraalPyRuntime loads them (from the library's resources, without any host file access):
``_host_errors`` (host errors as CPython's: first, before anything imports asyncio), ``_loop`` (asyncio on a Java
selector), ``_guards`` (clean errors for what the sandbox denies), ``_protocols`` (Java protocols as Python special
methods, ``wrap_future``), ``_plumbing`` (the loop thread and the events Java posts to it), ``_streams`` (Flow
publishers both ways), ``_blocking`` (blocking calls on Java threads), ``_scripts`` (running
scripts, Java driving Python), then this one, which installs them.
"""

import asyncio
import sys

from asyncgraalpy import _blocking, _guards, _loop, _plumbing, _protocols, _streams
from asyncgraalpy._loop import JavaEventLoop, JavaEventLoopPolicy, import_seconds
from asyncgraalpy._plumbing import run_loop_thread
from asyncgraalpy._protocols import JavaError, wrap_future, wrap_futures
from asyncgraalpy._streams import PublisherElements, as_publisher, wrap_publisher
from asyncgraalpy._scripts import describe_exception, flush_stdio, run_script, script_exit, step

__all__ = ["JavaEventLoop", "JavaEventLoopPolicy", "wrap_future", "wrap_futures", "wrap_publisher", "as_publisher", "PublisherElements", "step", "describe_exception", "script_exit", "run_script",
           "flush_stdio", "install", "JavaError", "run_loop_thread"]

# The public names live here, whichever module defines them: tracebacks and reprs say asyncgraalpy.JavaError.
for _public in (JavaEventLoop, JavaEventLoopPolicy, JavaError, wrap_future, wrap_futures, wrap_publisher, as_publisher, PublisherElements, run_loop_thread, describe_exception, flush_stdio,
                run_script, script_exit, step):
    _public.__module__ = __name__
del _public


_INSTALL_SETTINGS = {
    # name: which part of the Java library gives it
    "selector_factory": "the runtime (JavaSelector.Factory)",
    "python_threads_granted": "the runtime (Sandbox.Grant.PYTHON_THREADS)",
    "awaitable_interface": "the coroutine protocols (CoroutineBootstrap)",
    "iterator_interface": "the coroutine protocols (CoroutineBootstrap)",
    "coroutine_interface": "the coroutine protocols (CoroutineBootstrap)",
    "coroutine_signals": "the coroutine protocols (CoroutineBootstrap)",
    "coroutine_steps": "the coroutine protocols (CoroutineBootstrap)",
    "java_futures": "the futures bridge (BridgeBootstrap)",
    "source_interface": "the coroutine protocols (CoroutineBootstrap)",
    "loop_events": "the futures bridge (BridgeBootstrap)",
    "java_streams": "the futures bridge (BridgeBootstrap)",
    "publisher_interface": "the futures bridge (BridgeBootstrap)",
    "blocking_calls": "the futures bridge (BridgeBootstrap)",
}


_installed = False


def install(config):
    """Called once per context by GraalPyRuntime with one configuration (a Java map): the Java halves of the loop and
    the bridge, the interface names Python gives special methods to, StepSignal's DONE and FAILED, and
    whether the context was granted Python threads. Each of the library's parts (BootstrapPart) gives its share.
    """
    import java
    import polyglot
    missing = [name for name in _INSTALL_SETTINGS if name not in config]
    if missing:
        raise RuntimeError("asyncgraalpy: the configuration lacks " + ", ".join(
            f"{name} (from {_INSTALL_SETTINGS[name]})" for name in missing) + ": is the library's jar complete?")
    global _installed
    if _installed:
        # A second call would swap the loop's Java half and the bridge under what the first one set up.
        raise RuntimeError("asyncgraalpy is installed once per context, by GraalPyRuntime")
    _installed = True
    _loop._selector_factory = config["selector_factory"]
    # What carries Java's events and submissions into the loop, bound now, before any script runs.
    _loop._bind_delivery(_plumbing._deliver, _plumbing._undeliverable)
    _plumbing._bind_submissions()
    _protocols._java_futures = config["java_futures"]
    _streams._java_streams = config["java_streams"]
    _blocking._factory = config["blocking_calls"]
    _protocols._python_threads_granted = bool(config["python_threads_granted"])
    _protocols._DONE, _protocols._FAILED = config["coroutine_signals"]
    _protocols._bind_coroutine_steps(config["coroutine_steps"])
    awaitable_interface = config["awaitable_interface"]
    iterator_interface = config["iterator_interface"]
    coroutine_interface = config["coroutine_interface"]
    source_interface = config["source_interface"]
    python_threads_granted = config["python_threads_granted"]
    asyncio.set_event_loop_policy(_loop.JavaEventLoopPolicy())
    _guards._guard_sockets()
    _guards._guard_select()
    _guards._guard_processes()
    _guards._guard_signals()
    if not python_threads_granted:
        _guards._guard_threads()
    polyglot.register_interop_type(java.type("java.lang.Object"), _protocols.JavaObject)
    polyglot.register_interop_type(java.type(awaitable_interface), _protocols.JavaAwaitable)
    polyglot.register_interop_type(java.type(iterator_interface), _protocols.JavaIterator)
    polyglot.register_interop_type(java.type(coroutine_interface), _protocols.JavaCoroutineMethods)
    polyglot.register_interop_type(java.type("java.lang.Iterable"), _protocols.JavaAsyncIterable)
    polyglot.register_interop_type(java.type("java.util.Iterator"), _protocols.JavaAsyncIterator)
    polyglot.register_interop_type(java.type("java.lang.AutoCloseable"), _protocols.JavaAsyncResource)
    polyglot.register_interop_type(java.type("java.util.concurrent.CompletionStage"), _protocols.JavaFuture)
    polyglot.register_interop_type(java.type(source_interface), _protocols.JavaAsyncSource)
    polyglot.register_interop_type(config["publisher_interface"], _streams.JavaPublisher)
    polyglot.register_interop_type(java.type("java.lang.Throwable"), _protocols.JavaThrowable)
    event_types = {**_plumbing._LOOP_EVENT_TYPES, **_streams._LOOP_EVENT_TYPES}
    for kind, java_class in config["loop_events"].items():
        polyglot.register_interop_type(java_class, event_types[kind])
    asyncio.futures.Future.set_exception = _protocols._storing_java_errors(asyncio.futures.Future.set_exception)
    # Python output reaches Java line by line, in order with what Java prints between Python calls.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(line_buffering=True)
