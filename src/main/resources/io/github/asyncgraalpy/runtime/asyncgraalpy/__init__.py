"""Installed by GraalPyRuntime into every context, as the package ``asyncgraalpy``, one module per concern.

What the rest of the project relies on:

* an asyncio event loop whose waiting and wake-up go through Java (no socket, no file descriptor), set as the
  default through the event loop policy, so ``asyncio.run`` works in a context without host IO; its Java inbox
  brings completions and submissions from Java threads, in batches;
* TCP through the host where the embedder's network policy allows it: ``create_connection``, ``create_server``,
  ``getaddrinfo``, so ``asyncio.open_connection`` and ``start_server`` (``_network``; the IO is Java's), and TLS
  clients over it (``ssl=``, ``start_tls``: asyncio's sslproto, ``_tls``);
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

The modules, in the order GraalPyRuntime loads them (from the library's resources, without any host file access),
each importing only modules above it in this list, so that no two import each other (BootstrapPackageLayersTest):
``_host_errors`` (host errors as CPython's: first, before anything imports asyncio), ``_seam`` (the names Java and
this package share), ``_lazy_asyncio`` (``import asyncio`` with its rarely used submodules run on first use),
``_loop`` (asyncio on a Java selector, and the loop thread's body), ``_guards`` (clean errors for
what the sandbox denies), ``_errors`` (Java exceptions as Python ones), ``_scripts`` (running scripts, Java driving
Python), ``_futures`` (Java futures in asyncio, ``wrap_future``), ``_events`` (the events Java posts to a loop, and
submissions), ``_protocols`` (Java protocols as Python special methods), ``_streams`` (Flow publishers both ways),
``_blocking`` (blocking calls on Java threads), ``_tls`` (``ssl`` imported on first use, asyncio's sslproto over the
loop's transports), ``_network`` (TCP through the host, where the policy allows it),
then this one, which installs them and binds what a lower layer calls
in a higher one (the loop's inbox and its blocking calls).
"""

import asyncio
import sys

from asyncgraalpy import _blocking, _errors, _events, _futures, _guards, _loop, _network, _protocols, _seam, _streams
from asyncgraalpy._errors import JavaError
from asyncgraalpy._futures import wrap_future, wrap_futures
from asyncgraalpy._loop import JavaEventLoop, JavaEventLoopPolicy, import_seconds, run_loop_thread
from asyncgraalpy._streams import PublisherElements, as_publisher, wrap_publisher
from asyncgraalpy._scripts import describe_exception, flush_stdio, run_script, script_exit, step

__all__ = ["JavaEventLoop", "JavaEventLoopPolicy", "wrap_future", "wrap_futures", "wrap_publisher", "as_publisher", "PublisherElements", "step", "describe_exception", "script_exit", "run_script",
           "flush_stdio", "install", "JavaError", "run_loop_thread"]

# The public names live here, whichever module defines them: tracebacks and reprs say asyncgraalpy.JavaError.
for _public in (JavaEventLoop, JavaEventLoopPolicy, JavaError, wrap_future, wrap_futures, wrap_publisher, as_publisher, PublisherElements, run_loop_thread, describe_exception, flush_stdio,
                run_script, script_exit, step):
    _public.__module__ = __name__
del _public


_installed = False


def install(config):
    """Called once per context by GraalPyRuntime with one configuration (a Java map): the Java halves of the loop and
    the bridge, the interface names Python gives special methods to, StepSignal's DONE and FAILED, and
    whether the context was granted Python threads: the settings _seam.SETTINGS names. Each of the library's parts
    (BootstrapPart) gives its share.
    """
    import java
    import polyglot
    settings = _seam.settings(config)
    global _installed
    if _installed:
        # A second call would swap the loop's Java half and the bridge under what the first one set up.
        raise RuntimeError("asyncgraalpy is installed once per context, by GraalPyRuntime")
    _installed = True
    _loop._selector_factory = settings.selector_factory
    # What the loop hands on to the layers above it (Java's events and submissions into its inbox, its blocking
    # calls), bound now, before any script runs.
    _loop._bind_delivery(_events._deliver, _events._undeliverable)
    _loop._bind_blocking(_blocking.run_in_executor, _blocking.shutdown_default_executor)
    _network._install(_loop.JavaEventLoop)
    _events._bind_submissions()
    _futures._java_futures = settings.java_futures
    _streams._java_streams = settings.java_streams
    _blocking._factory = settings.blocking_calls
    _futures._python_threads_granted = bool(settings.python_threads_granted)
    _protocols._DONE, _protocols._FAILED = settings.coroutine_done, settings.coroutine_failed
    _protocols._bind_coroutine_steps(settings.coroutine_steps)
    asyncio.set_event_loop_policy(_loop.JavaEventLoopPolicy())
    _guards._guard_sockets()
    _guards._guard_select()
    _guards._guard_processes()
    _guards._guard_signals()
    _guards._guard_native_code()
    _guards._install_stand_ins(settings.nameprep, settings.xml_reader)
    if not settings.python_threads_granted:
        _guards._guard_threads()
    polyglot.register_interop_type(java.type("java.lang.Object"), _protocols.JavaObject)
    polyglot.register_interop_type(java.type(settings.awaitable_interface), _protocols.JavaAwaitable)
    polyglot.register_interop_type(java.type(settings.iterator_interface), _protocols.JavaIterator)
    polyglot.register_interop_type(java.type(settings.coroutine_interface), _protocols.JavaCoroutineMethods)
    polyglot.register_interop_type(java.type("java.lang.Iterable"), _protocols.JavaAsyncIterable)
    polyglot.register_interop_type(java.type("java.util.Iterator"), _protocols.JavaAsyncIterator)
    polyglot.register_interop_type(java.type("java.lang.AutoCloseable"), _protocols.JavaAsyncResource)
    polyglot.register_interop_type(java.type("java.util.concurrent.CompletionStage"), _futures.JavaFuture)
    polyglot.register_interop_type(java.type(settings.source_interface), _protocols.JavaAsyncSource)
    polyglot.register_interop_type(settings.network_event, _network._NetworkEvent)
    polyglot.register_interop_type(settings.publisher_interface, _streams.JavaPublisher)
    polyglot.register_interop_type(java.type("java.lang.Throwable"), _errors.JavaThrowable)
    event_types = {**_events._LOOP_EVENT_TYPES, **_streams._LOOP_EVENT_TYPES}
    for kind in _seam.LOOP_EVENTS:
        polyglot.register_interop_type(settings.loop_events[kind], event_types[kind])
    asyncio.futures.Future.set_exception = _errors._storing_java_errors(asyncio.futures.Future.set_exception)
    # Python output reaches Java line by line, in order with what Java prints between Python calls.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(line_buffering=True)
