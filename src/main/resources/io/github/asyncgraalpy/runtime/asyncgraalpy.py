"""Installed by GraalPyRuntime into every context, as the module ``asyncgraalpy``.

What the rest of the project relies on:

* an asyncio event loop whose waiting and wake-up go through Java (no socket, no file descriptor), set as the
  default through the event loop policy, so ``asyncio.run`` works in a context without host IO; its Java inbox
  brings completions and submissions from Java threads, in batches;
* clean Python errors where the sandbox denies something that GraalPy would otherwise report as an internal
  error no ``except`` can catch (sockets, ``select``, threads, processes), or let through to the host (signals);
* Python's special methods for Java types, registered once per context on the interfaces so that every
  implementing class gets them: awaitables, iterators and coroutines (``io.github.asyncgraalpy.coroutine``), async
  iteration and ``async with`` (Iterable, Iterator, AutoCloseable, PyAsyncSource), ``await`` on CompletionStage;
* ``wrap_future``: a Java CompletionStage as an asyncio future, for ``gather`` over many of them;
* the Python half of the bridge: ``run_loop_thread`` for AsyncioLoopThread, ``step`` and ``describe_exception`` for
  Java driving Python.

The Java side hands in what this module needs through ``install``; nothing here looks up a Java class that the
sandbox does not already let scripts see.
"""

import errno
import functools
import re
import sys
import time

# --- host errors as CPython's -----------------------------------------------------------------------------------
# First of all, before asyncio and the rest of the standard library import the host-facing modules' functions into
# their own namespaces: what imports later takes the translating ones, and there is less to search for here.

_HOST_FACING_MODULES = ("posix", "_socket", "select", "_signal", "faulthandler", "resource", "fcntl", "mmap", "pwd",
                        "_posixsubprocess", "_posixshmem", "_multiprocessing", "_multiprocessing_graalpy")
"""The builtin modules whose functions reach the host: GraalPy's POSIX backend, Truffle's threads and inner contexts."""

_JAVA_ERROR_HEADER = re.compile(r"(?P<java_class>\w+(?:Exception|Error)): (?P<message>[^\n]*)")
_UNSUPPORTED = re.compile(r"Feature not supported on 'java' POSIX backend: (?P<name>\w+)|(?P<excluded>\w+) was excluded")


def _denial(what, exception=PermissionError):
    """The exception for a denial, in the sandbox's words: an OSError type gets EPERM, as CPython's do."""
    message = f"{what} is denied in this GraalPy sandbox (see docs/security.md)"
    return exception(errno.EPERM, message) if issubclass(exception, OSError) else exception(message)


def _python_error_for(error):
    """The exception CPython would raise for a Java failure that GraalPy wrapped in ``error`` (a SystemError), or None.

    The engine runs with ``python.CatchAllExceptions``, so a Java exception thrown inside GraalPy (an operation its
    POSIX backend does not have, one the sandbox excludes, a thread or inner context the context may not create)
    arrives as a SystemError that ``except Exception`` catches, whichever route reached it. This gives the common ones
    the type and words CPython uses, without the Java stack trace GraalPy appends.
    """
    text = str(error)
    header = _JAVA_ERROR_HEADER.match(text)
    if header is None or "\n\nJava stack trace:" not in text:
        return None  # a SystemError of Python's own
    java_class, message = header["java_class"], header["message"]
    unsupported = _UNSUPPORTED.search(message) if java_class == "UnsupportedPosixFeatureException" else None
    if unsupported and unsupported["excluded"]:
        return _denial(unsupported["excluded"])
    if unsupported:
        return OSError(errno.ENOSYS, f"Function not implemented: {unsupported['name']} (GraalPy's Java POSIX backend)")
    if "threads is not allowed" in message:
        return _denial("starting a thread (can't start new thread)", RuntimeError)  # as _guard_threads says it
    if "inner context" in message:
        return _denial("starting a process")  # as _guard_processes says it
    return SystemError(f"{java_class} in GraalPy: {message}")


class _HostFunction:
    """A builtin function of a host-facing module that raises what CPython would (``_python_error_for``).

    A class, not a closure: like the builtin it stands for, it does not bind as a method where a class body keeps it
    (``selectors.SelectSelector._select = select.select``).
    """

    __slots__ = ("_function",)

    def __init__(self, function):
        self._function = function

    def __call__(self, *args, **kwargs):
        try:
            return self._function(*args, **kwargs)
        except SystemError as error:
            replacement = _python_error_for(error)
            if replacement is None:
                raise
            raise replacement from None

    @property
    def __name__(self):
        return self._function.__name__

    @property
    def __doc__(self):
        return self._function.__doc__

    def __repr__(self):
        return repr(self._function)


def _translate_host_errors():
    """Every function of the host-facing modules raises what CPython would, wherever the standard library holds it.

    This runs before the bootstrap imports asyncio, so before anything star-imports these modules (``os`` imports
    ``posix``, ``socket`` ``_socket``, ``signal`` ``_signal``) or keeps one of their functions in a class
    (``selectors`` keeps ``select.select``): replacing the functions in their own modules is enough, and every later
    copy is a translating one. ``DenialSurfaceTest`` walks every module and class after a broad set of imports and
    finds no original; searching them here instead cost a tenth of a second per context.
    """
    for module_name in _HOST_FACING_MODULES:
        module = sys.modules.get(module_name) or _import_if_present(module_name)
        if module is not None:
            namespace = vars(module)
            for name in [name for name, value in namespace.items()
                         if type(value) is _BUILTIN_FUNCTION and not name.startswith("__")]:
                namespace[name] = _HostFunction(namespace[name])


_BUILTIN_FUNCTION = type(len)


def _import_if_present(module_name):
    try:
        return __import__(module_name)
    except ImportError:
        return None


_translate_host_errors()

_import_started = time.perf_counter()
# asyncio's base_events, selector_events and sslproto try `import ssl`; on GraalPy that sets up Java's TLS stack, a
# good part of a context's start-up. Sockets are denied here, so asyncio gets what it gets on a CPython built without
# ssl: `ssl = None`. A script that imports ssl itself still gets it, at its own cost.
_keep_ssl_out = "ssl" not in sys.modules
if _keep_ssl_out:
    sys.modules["ssl"] = None
try:
    import asyncio
    import asyncio.base_events
    import asyncio.events
finally:
    if _keep_ssl_out:
        del sys.modules["ssl"]
del _keep_ssl_out
import_seconds = time.perf_counter() - _import_started  # GraalPyRuntime reports it as a phase of start-up

import traceback

__all__ = ["JavaEventLoop", "JavaEventLoopPolicy", "wrap_future", "step", "describe_exception", "script_exit", "run_script", "flush_stdio", "install", "JavaError", "run_loop_thread"]


# --- asyncio on a Java selector -------------------------------------------------------------------------------

class _JavaSelector:
    """What BaseEventLoop._run_once needs of a selector: ``select(timeout)``, here parked in Java.

    GraalPy releases the GIL around the Java call, so other threads run while the loop waits.
    """

    __slots__ = ("_java",)

    def __init__(self, java_selector):
        self._java = java_selector

    def select(self, timeout=None):
        return self._java.select(-1.0 if timeout is None else float(timeout))

    def close(self):
        self._java.close()


class JavaEventLoop(asyncio.base_events.BaseEventLoop):
    """An event loop for callbacks, tasks, futures and timers; it has no file descriptors to watch.

    Reader, writer, socket and subprocess methods keep BaseEventLoop's NotImplementedError: this sandbox has no
    host IO to give them.
    """

    def __init__(self):
        super().__init__()
        self._selector = _JavaSelector(_selector_factory.create())

    def _process_events(self, event_list):
        # Events that Java threads posted since the last select, handed over in one batch, on the loop's thread. One
        # event that cannot be applied fails its own future, never the loop or the rest of the batch.
        for event in event_list:
            try:
                _deliver(self, event)
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as problem:  # a Java exception from the event's accessors is a BaseException here
                _undeliverable(self, event, problem)

    def _write_to_self(self):
        self._selector._java.wake()

    def close(self):
        if self.is_running():
            raise RuntimeError("Cannot close a running event loop")
        if self.is_closed():
            return
        super().close()
        self._selector.close()


class JavaEventLoopPolicy(asyncio.events.BaseDefaultEventLoopPolicy):
    _loop_factory = JavaEventLoop


# --- clean errors for what the sandbox denies -----------------------------------------------------------------

def _denied(what, exception=PermissionError):
    def deny(*args, **kwargs):
        raise _denial(what, exception)

    deny.__name__ = "denied"
    deny.__qualname__ = f"denied<{what}>"
    return deny


def _guard_sockets():
    import _socket
    import socket

    class DeniedSocket(_socket.socket):
        __init__ = _denied("opening a socket")

    socket.socket.__init__ = DeniedSocket.__init__
    _socket.socket = _socket.SocketType = DeniedSocket
    for name in ("fromfd", "socketpair", "dup"):
        for module in (socket, _socket):
            if hasattr(module, name):
                setattr(module, name, _denied("opening a socket"))


def _guard_select():
    import select
    for name in ("select", "poll", "epoll", "devpoll", "kqueue"):
        if hasattr(select, name):
            setattr(select, name, _denied(f"select.{name}"))


def _guard_processes():
    import os
    import _posixsubprocess
    for name in ("system", "execv", "execve", "posix_spawn", "posix_spawnp", "spawnv", "spawnve"):
        if hasattr(os, name):
            setattr(os, name, _denied(f"os.{name}"))
    # subprocess and multiprocessing start every child through fork_exec; without this guard GraalPy would first look
    # the program up in the sandbox's file system and report it missing. subprocess keeps its own reference to it
    # (asyncio imported subprocess before this runs).
    import subprocess
    _posixsubprocess.fork_exec = subprocess._fork_exec = _denied("starting a process")


def _guard_signals():
    """Signals belong to the host process, not to one of its contexts.

    GraalPy would install a Python handler for the whole JVM (a script could make it ignore Ctrl-C and kill, for good)
    and raise a signal in it (SIGTERM ends the host). Installing a handler is refused with ValueError, what CPython
    raises where a sub-interpreter tries (asyncio.Runner expects exactly that); raising a signal or starting a timer
    with PermissionError. Reading the current handlers stays allowed.
    """
    import _signal
    import signal
    refusals = {
        "signal": _denied("installing a signal handler (signals belong to the host)", ValueError),
        "set_wakeup_fd": _denied("signal.set_wakeup_fd (signals belong to the host)", ValueError),
        "siginterrupt": _denied("signal.siginterrupt (signals belong to the host)", ValueError),
        "raise_signal": _denied("raising a signal in the host process"),
        "pthread_kill": _denied("signalling a host thread"),
        "alarm": _denied("signal.alarm (a host timer)"),
        "setitimer": _denied("signal.setitimer (a host timer)"),
    }
    for module in (_signal, signal):
        for name, refusal in refusals.items():
            if hasattr(module, name):
                setattr(module, name, refusal)


def _guard_threads():
    import _thread
    import threading
    # CPython's own words when a thread cannot start, so code that handles that case keeps working.
    denied = _denied("starting a thread (can't start new thread)", RuntimeError)
    _thread.start_new_thread = _thread.start_new = denied
    threading._start_new_thread = denied
    if hasattr(threading, "_start_joinable_thread"):
        threading._start_joinable_thread = denied

    def shutdown_without_threads():
        # GraalPy calls threading._shutdown when the context closes. It hands the main thread's lock over and joins
        # the threads Python started; here no Python thread can exist, and the hand-over blocks forever when the
        # context is closed from another Java thread than the one that built it (ContextPool builds ahead on a thread
        # of its own). What is left to do is the exit hooks.
        for hook in reversed(threading._threading_atexits):
            hook()

    threading._shutdown = shutdown_without_threads


# --- Java protocols as Python special methods -----------------------------------------------------------------

class JavaObject:
    """Nothing but a name: registered on java.lang.Object, it gives every Java class a Python type of its own, so that
    GraalPy's own errors (``object Java_com.example.Thing_generated can't be used in 'await' expression``) name it."""


class JavaThrowable(Exception):
    """Registered on java.lang.Throwable: a Java exception that a project class throws into Python (an exported
    constructor or method outside a coroutine step) is an ``Exception``, so ``except Exception`` catches it, and its
    ``str()`` is the Java class and message.

    GraalPy makes it a ``polyglot.ForeignException`` too, which is immutable (it cannot take a traceback) and which
    a coroutine's ``throw`` refuses: a future or task that fails with one stores a JavaError instead
    (``_storing_java_errors``), with the same ``str()``.
    """


def _as_python_exception(exception):
    """A Java exception as the JavaError that stands for it in asyncio; any other exception as it is."""
    if not isinstance(exception, JavaThrowable):
        return exception
    java_class = _java_name(exception)
    text = str(exception)
    message = text.removeprefix(java_class).removeprefix(": ") if text.startswith(java_class) else text
    return JavaError(java_class, message, None)


def _storing_java_errors(set_exception):
    @functools.wraps(set_exception)
    def set_python_exception(future, exception):
        return set_exception(future, _as_python_exception(exception))

    return set_python_exception


class JavaAwaitable:
    """``__await__`` for Java classes implementing PyAwaitable."""

    def __await__(self):
        return self.awaitIterator()


class JavaIterator:
    """``__iter__`` and ``__next__`` for Java classes implementing PyIterator; ``next()`` gives an IterNextOutput."""

    def __iter__(self):
        return self.iterator()

    def __next__(self):
        output = self.next()
        if output is None:
            raise TypeError(f"{_java_name(self)}.next() returned null; it must return an IterNextOutput")
        if output.isReturn():
            raise StopIteration(output.value())
        return output.value()


class JavaCoroutineMethods:
    """The coroutine protocol for JavaCoroutine subclasses: what makes asyncio.iscoroutine() true for them.

    Every step is one Java call, ``advance``: it returns the yielded value itself, or one of two signals (finished,
    failed) told apart by identity.
    """

    def __await__(self):
        # A generator rather than self: a generator's return costs less than raising StopIteration from __next__,
        # and ``await`` on a Java coroutine is the hot path (see README, "Benchmarks").
        output = self.advance(None)
        thrown = None
        while True:
            if output is _DONE:
                return self.takeResult()
            if output is _FAILED:
                raise _raised_error(self.takeError(), thrown)
            try:
                sent = yield output
            except GeneratorExit:
                self.close()
                raise
            except BaseException as exception:
                thrown = exception
                output = self.advanceThrow(*describe_exception(exception))
            else:
                thrown = None
                output = self.advance(sent)

    def __iter__(self):
        return self

    def __next__(self):
        return _coroutine_result(self, self.advance(None), None)

    def send(self, value):
        return _coroutine_result(self, self.advance(value), None)

    def throw(self, typ, val=None, tb=None):
        exception = _exception_instance(typ, val, tb)
        return _coroutine_result(self, self.advanceThrow(*describe_exception(exception)), exception)

    def close(self):
        if not self.closeCoroutine():
            raise _raised_error(self.takeError(), None)


class _JavaElements:
    """``async for`` over a Java iterator: one element per ``__anext__``, suspending once before each."""

    __slots__ = ("_iterator",)

    def __init__(self, iterator):
        self._iterator = iterator

    def __aiter__(self):
        return self

    async def __anext__(self):
        try:
            element = next(self._iterator)
        except StopIteration:
            raise StopAsyncIteration from None
        await asyncio.sleep(0)
        return element


class JavaAsyncIterable:
    """``__aiter__`` for every java.lang.Iterable."""

    def __aiter__(self):
        return _JavaElements(iter(self))


class JavaAsyncIterator:
    """``__aiter__`` for every java.util.Iterator."""

    def __aiter__(self):
        return _JavaElements(self)


class JavaAsyncResource:
    """``async with`` (and ``with``) for every java.lang.AutoCloseable whose ``close()`` is exported."""

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.close()
        return False

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()
        return False


class JavaFuture:
    """``await`` for every java.util.concurrent.CompletionStage, CompletableFuture included."""

    def __await__(self):
        return (yield from wrap_future(self))


def wrap_future(stage, *, loop=None):
    """An asyncio future that mirrors a Java CompletionStage: asyncio.wrap_future's twin for Java futures.

    ``await stage`` does this for one future. Use it for many: ``gather(*map(wrap_future, stages))`` takes the
    asyncio futures as they are, where ``gather(*stages)`` wraps each awaitable in a task of its own (a coroutine
    and a task per future, about ten times the cost in the benchmarks). Cancelling the asyncio future cancels the
    Java one. An asyncio future is returned unchanged, as asyncio.wrap_future does.
    """
    if asyncio.isfuture(stage):
        return stage
    if not _java_futures.isStage(stage):
        raise TypeError(f"a java.util.concurrent.CompletionStage is required, got {type(stage).__name__}")
    if loop is None:
        loop = asyncio.get_running_loop()
    future = loop.create_future()
    if isinstance(loop, JavaEventLoop):
        # Through the loop's Java inbox: outcomes arrive in batches, and the completing thread never enters Python.
        watch = _java_futures.watch(stage, future, loop._selector._java)
    else:
        # Any other asyncio loop: the completing Java thread hands the outcome over as asyncio.wrap_future does.
        watch = _java_futures.watchThreadsafe(stage, future, functools.partial(_deliver_threadsafe, loop))
    future.add_done_callback(lambda done: watch.cancel() if done.cancelled() else None)
    return future


def _deliver_threadsafe(loop, outcome):
    """Runs on the Java thread that completed a stage: ``loop`` applies the outcome on its own thread."""
    try:
        loop.call_soon_threadsafe(outcome._apply, loop)
    except RuntimeError:  # the loop is closed: nothing awaits the future any more
        pass


class JavaAsyncSource:
    """``async for`` over an io.github.asyncgraalpy.coroutine.PyAsyncSource: elements that Java threads produce."""

    def __aiter__(self):
        return self

    async def __anext__(self):
        element = await self.nextElement()
        if self.isEnd(element):
            raise StopAsyncIteration
        return element


class _FutureOutcome:
    """A Java future's outcome (bridge.internal.FutureCompletion), for the asyncio future awaiting it."""

    def _apply(self, loop):
        future = self.future()
        if future.done():
            return
        if self.isCancelled():
            future.cancel()
            return
        error = self.error()
        if error is None:
            future.set_result(self.result())
        else:
            future.set_exception(_raised_error(error, None))

    def _awaited_by(self):
        return self.future()


class _SubmittedAwaitable:
    """A coroutine Java submitted to run as a task (bridge.internal.Submission)."""

    def _apply(self, loop):
        _start_submission(self)

    def _awaited_by(self):
        return None


class _TaskCancellation:
    """Java gave up on a submission (bridge.internal.TaskCancellation): its task is cancelled."""

    def _apply(self, loop):
        self.task().cancel()

    def _awaited_by(self):
        return None


class _LoopStop:
    """Stop the loop (bridge.internal.StopLoop)."""

    def _apply(self, loop):
        loop.stop()

    def _awaited_by(self):
        return None


# The loop events by the name BridgeBootstrap gives each Java event class: the Python type each becomes.
_LOOP_EVENT_TYPES = {"future": _FutureOutcome, "submit": _SubmittedAwaitable, "cancel": _TaskCancellation, "stop": _LoopStop}


def _deliver(loop, event):
    """Applies one event a Java thread posted to the loop's inbox: its type says what it is."""
    try:
        apply = event._apply
    except AttributeError:
        raise RuntimeError(f"unknown event from Java: {type(event).__name__}") from None
    apply(loop)


def _undeliverable(loop, event, problem):
    """An event from Java that could not be applied: its asyncio future fails with why; the loop goes on."""
    error = problem if isinstance(problem, Exception) else RuntimeError(
        f"a Java outcome could not be delivered: {type(problem).__name__}")
    try:
        future = event._awaited_by()
    except BaseException:
        future = None
    if future is not None and not future.done():
        future.set_exception(error)
    else:
        loop.call_exception_handler({"message": "an event from Java could not be applied", "exception": error})


def _start_submission(submission):
    awaitable = submission.awaitable()
    if submission.isCancelled():
        if asyncio.iscoroutine(awaitable):
            awaitable.close()
        return
    try:
        task = asyncio.ensure_future(awaitable)
    except BaseException as error:
        submission.failed(*describe_exception(error))
        return
    submission.started(task)

    def report(done):
        if done.cancelled():
            submission.cancelled()
        elif done.exception() is not None:
            submission.failed(*describe_exception(done.exception()))
        else:
            submission.succeeded(done.result())

    task.add_done_callback(report)


def run_loop_thread(ready):
    """The body of an AsyncioLoopThread: run a JavaEventLoop until told to stop, then cancel and await what is left."""
    loop = JavaEventLoop()
    asyncio.set_event_loop(loop)
    try:
        loop.call_soon(ready.loopRunning, loop._selector._java)
        loop.run_forever()
        leftover = asyncio.all_tasks(loop)
        for task in leftover:
            task.cancel()
        if leftover:
            loop.run_until_complete(asyncio.gather(*leftover, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        asyncio.set_event_loop(None)
        loop.close()


class JavaError(Exception):
    """A Java exception that left Java code: its class name, message and stack trace (also in __notes__)."""

    def __init__(self, java_class, java_message, java_stack):
        super().__init__(f"{java_class}: {java_message}")
        self.java_class = java_class
        self.java_message = java_message
        self.java_stack = java_stack
        if java_stack:
            self.add_note("Java stack trace:\n" + java_stack.rstrip())


def _coroutine_result(coroutine, output, thrown):
    if output is _DONE:
        raise StopIteration(coroutine.takeResult())
    if output is _FAILED:
        raise _raised_error(coroutine.takeError(), thrown)
    return output


def _exception_instance(typ, val, tb):
    if isinstance(typ, BaseException):
        exception = typ
    elif isinstance(val, BaseException):
        exception = val
    elif isinstance(typ, type) and issubclass(typ, BaseException):
        exception = typ() if val is None else typ(val)
    else:
        raise TypeError(f"exceptions must be classes or instances deriving from BaseException, not {type(typ).__name__}")
    return exception.with_traceback(tb) if tb is not None else exception


def _raised_error(error, thrown):
    """The Python exception for what a JavaCoroutine ended with (a RaisedError)."""
    if error.rethrowsThrownIn():
        return thrown
    java_class = error.javaClass()
    cause = JavaError(java_class, error.message(), error.javaStack()) if java_class is not None else None
    type_name = error.pythonType()
    if type_name is None:
        return cause
    exception = _exception_type(type_name)(error.message())
    exception.__cause__ = cause
    return exception


def _exception_type(name):
    import builtins
    import importlib
    if "." in name:
        module_name, _, attribute = name.rpartition(".")
        try:
            found = getattr(importlib.import_module(module_name), attribute, None)
        except ImportError:
            found = None
    else:
        found = getattr(builtins, name, None)
    if not (isinstance(found, type) and issubclass(found, BaseException)):
        raise TypeError(f"PyError names {name!r}, which is no Python exception type")
    return found


def _java_name(obj):
    return type(obj).__name__.removeprefix("Java_").removesuffix("_generated")


# --- helpers for Java driving Python --------------------------------------------------------------------------

def step(iterator, value=None):
    """One ``__next__`` (or ``send``) of a Python iterator: ``(False, yielded)`` or ``(True, returned)``.

    Java calls this instead of ``__next__`` so that the end of a coroutine is a value, not a StopIteration it
    would have to catch (an exception crossing into Java costs about twenty times more).
    """
    try:
        return False, (next(iterator) if value is None else iterator.send(value))
    except StopIteration as stop:
        return True, stop.value


def script_exit(exc):
    """How CPython's interpreter ends when ``exc`` escapes a script: ``(status, print the traceback, message or None)``.

    SystemExit: no code is 0, an int is that int as the OS keeps it (its low 8 bits), anything else is printed and 1.
    KeyboardInterrupt: the traceback, and 130. Anything else: the traceback, and 1.
    """
    if isinstance(exc, SystemExit):
        code = exc.code
        if code is None:
            return 0, False, None
        if isinstance(code, int):
            return code & 0xFF, False, None
        try:
            return 1, False, str(code)
        except Exception:
            return 1, False, "<exception str() failed>"
    return (130 if isinstance(exc, KeyboardInterrupt) else 1), True, None


def describe_exception(exc):
    """``(qualified type name, str(exc), formatted traceback)`` of a Python exception, for Java.

    The traceback shows the user's code: frames of this module (``run_script``, the wrappers that translate host
    errors) are left out, in chained exceptions too.
    """
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ in ("builtins", "__main__") else f"{kind.__module__}.{kind.__qualname__}"
    try:
        message = str(exc)
    except Exception:
        message = "<exception str() failed>"  # CPython's words when it prints such an exception
    formatted = traceback.TracebackException(kind, exc, exc.__traceback__)
    _without_own_frames(formatted, set())
    return name, message, "".join(formatted.format())


def _without_own_frames(formatted, seen):
    if formatted is None or id(formatted) in seen:
        return
    seen.add(id(formatted))
    formatted.stack = traceback.StackSummary.from_list(
        [frame for frame in formatted.stack if frame.filename != __file__])
    _without_own_frames(formatted.__cause__, seen)
    _without_own_frames(formatted.__context__, seen)
    for member in formatted.exceptions or ():
        _without_own_frames(member, seen)


# --- installation ---------------------------------------------------------------------------------------------

_selector_factory = None
_java_futures = None
_DONE = _FAILED = None  # JavaCoroutine.Signal, set by install


_INSTALL_SETTINGS = {
    # name: which part of the Java library gives it
    "selector_factory": "the runtime (JavaSelector.Factory)",
    "python_threads_granted": "the runtime (Sandbox.Grant.PYTHON_THREADS)",
    "awaitable_interface": "the coroutine protocols (CoroutineBootstrap)",
    "iterator_interface": "the coroutine protocols (CoroutineBootstrap)",
    "coroutine_interface": "the coroutine protocols (CoroutineBootstrap)",
    "coroutine_signals": "the coroutine protocols (CoroutineBootstrap)",
    "java_futures": "the futures bridge (BridgeBootstrap)",
    "source_interface": "the coroutine protocols (CoroutineBootstrap)",
    "loop_events": "the futures bridge (BridgeBootstrap)",
}


def install(config):
    """Called once per context by GraalPyRuntime with one configuration (a Java map): the Java halves of the loop and
    the bridge, the interface names Python gives special methods to, JavaCoroutine.Signal's DONE and FAILED, and
    whether the context was granted Python threads. Each of the library's parts (BootstrapPart) gives its share.
    """
    global _selector_factory, _java_futures, _DONE, _FAILED
    import java
    import polyglot
    missing = [name for name in _INSTALL_SETTINGS if name not in config]
    if missing:
        raise RuntimeError("asyncgraalpy: the configuration lacks " + ", ".join(
            f"{name} (from {_INSTALL_SETTINGS[name]})" for name in missing) + ": is the library's jar complete?")
    _selector_factory = config["selector_factory"]
    _java_futures = config["java_futures"]
    _DONE, _FAILED = config["coroutine_signals"]
    awaitable_interface = config["awaitable_interface"]
    iterator_interface = config["iterator_interface"]
    coroutine_interface = config["coroutine_interface"]
    source_interface = config["source_interface"]
    python_threads_granted = config["python_threads_granted"]
    asyncio.set_event_loop_policy(JavaEventLoopPolicy())
    _guard_sockets()
    _guard_select()
    _guard_processes()
    _guard_signals()
    if not python_threads_granted:
        _guard_threads()
    polyglot.register_interop_type(java.type("java.lang.Object"), JavaObject)
    polyglot.register_interop_type(java.type(awaitable_interface), JavaAwaitable)
    polyglot.register_interop_type(java.type(iterator_interface), JavaIterator)
    polyglot.register_interop_type(java.type(coroutine_interface), JavaCoroutineMethods)
    polyglot.register_interop_type(java.type("java.lang.Iterable"), JavaAsyncIterable)
    polyglot.register_interop_type(java.type("java.util.Iterator"), JavaAsyncIterator)
    polyglot.register_interop_type(java.type("java.lang.AutoCloseable"), JavaAsyncResource)
    polyglot.register_interop_type(java.type("java.util.concurrent.CompletionStage"), JavaFuture)
    polyglot.register_interop_type(java.type(source_interface), JavaAsyncSource)
    polyglot.register_interop_type(java.type("java.lang.Throwable"), JavaThrowable)
    for kind, class_name in config["loop_events"].items():
        polyglot.register_interop_type(java.type(class_name), _LOOP_EVENT_TYPES[kind])
    asyncio.futures.Future.set_exception = _storing_java_errors(asyncio.futures.Future.set_exception)
    # Python output reaches Java line by line, in order with what Java prints between Python calls.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(line_buffering=True)


def run_script(source, filename, name="__main__"):
    """Runs ``source`` as module ``name`` (``__main__``: as a script) in a namespace of its own; returns the namespace."""
    import builtins
    import linecache
    # Tracebacks quote the failing line, as CPython's do, although Python cannot read the file itself.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"__name__": name, "__file__": filename, "__builtins__": builtins}
    exec(compile(source, filename, "exec"), namespace)
    return namespace


_java_streams = (sys.__stdout__, sys.__stderr__)  # the streams that write to Java, kept whatever a script does to sys


def flush_stdio():
    """Flushes what Python wrote towards Java; never raises, since a script may have closed or broken the streams."""
    for stream in _java_streams:
        try:
            stream.flush()
        except Exception:
            pass
