"""Java protocols as Python special methods: awaitables, iterators, coroutines, async iteration, ``async with``,
``await`` on a CompletionStage, registered on the Java interfaces so that every implementing class gets them; Java
exceptions as Python ones; ``wrap_future``.
"""

import asyncio
import functools

from asyncgraalpy import _loop, _scripts

_java_futures = None  # bridge.internal.JavaFutures, set by install (it refuses foreign loops without the grant too)
_python_threads_granted = False  # set by install: the clean error for a foreign loop, before JavaFutures refuses it
_DONE = _FAILED = None  # coroutine.internal.StepSignal's constants, set by install
# The protocols' Java calls as functions of the Java object, bound once (coroutine.CoroutineSteps): reading a method
# off a Java object costs GraalPy more than calling it, and every await would read two to four.
_advance = _advance_throw = _take_result = _take_error = _close_coroutine = None
_await_iterator = _iterator_next = _is_return = _output_value = None


def _bind_coroutine_steps(steps):
    global _advance, _advance_throw, _take_result, _take_error, _close_coroutine
    global _await_iterator, _iterator_next, _is_return, _output_value
    _advance = steps.advance
    _advance_throw = steps.advanceThrow
    _take_result = steps.takeResult
    _take_error = steps.takeError
    _close_coroutine = steps.closeCoroutine
    _await_iterator = steps.awaitIterator
    _iterator_next = steps.next
    _is_return = steps.isReturn
    _output_value = steps.value


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
        return _await_iterator(self)


class JavaIterator:
    """``__iter__`` and ``__next__`` for Java classes implementing PyIterator; ``next()`` gives an IterNextOutput."""

    def __iter__(self):
        return self.iterator()

    def __next__(self):
        output = _iterator_next(self)
        if output is None:
            raise TypeError(f"{_java_name(self)}.next() returned null; it must return an IterNextOutput")
        if _is_return(output):
            raise StopIteration(_output_value(output))
        return _output_value(output)


class JavaCoroutineMethods:
    """The coroutine protocol for JavaCoroutine subclasses: what makes asyncio.iscoroutine() true for them.

    Every step is one Java call, ``advance``: it returns the yielded value itself, or one of two signals (finished,
    failed) told apart by identity.
    """

    def __await__(self):
        # A generator rather than self: a generator's return costs less than raising StopIteration from __next__,
        # and ``await`` on a Java coroutine is the hot path (see README, "Benchmarks").
        output = _advance(self, None)
        thrown = None
        while True:
            if output is _DONE:
                return _take_result(self)
            if output is _FAILED:
                raise _raised_error(_take_error(self), thrown)
            try:
                sent = yield output
            except GeneratorExit:
                self.close()
                raise
            except BaseException as exception:
                thrown = exception
                output = _advance_throw(self, *_scripts.describe_exception(exception))
            else:
                thrown = None
                output = _advance(self, sent)

    def __iter__(self):
        return self

    def __next__(self):
        return _coroutine_result(self, _advance(self, None), None)

    def send(self, value):
        return _coroutine_result(self, _advance(self, value), None)

    def throw(self, typ, val=None, tb=None):
        exception = _exception_instance(typ, val, tb)
        return _coroutine_result(self, _advance_throw(self, *_scripts.describe_exception(exception)), exception)

    def close(self):
        if not _close_coroutine(self):
            raise _raised_error(_take_error(self), None)


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
    if isinstance(loop, _loop.JavaEventLoop):
        # Through the loop's Java inbox: outcomes arrive in batches, and the completing thread never enters Python.
        watched = _Watched()
        future = _JavaStageFuture(watched, 0, loop=loop)
        watched.watches = _java_futures.watch(stage, future, _completions(loop))
        return future
    if not _python_threads_granted:
        raise RuntimeError("a Java future on a loop other than asyncgraalpy's is delivered by the Java thread that"
                           " completes it, running Python: that needs Sandbox.Grant.PYTHON_THREADS")
    # Any other asyncio loop: the completing Java thread hands the outcome over as asyncio.wrap_future does, and the
    # loop's own future type is kept, so cancellation reaches Java through a done callback.
    future = loop.create_future()
    watches = _java_futures.watchThreadsafe(stage, future, functools.partial(_deliver_threadsafe, loop))
    future.add_done_callback(functools.partial(_cancel_if_cancelled, watches, 0))
    return future


def wrap_futures(stages, *, loop=None):
    """``[wrap_future(stage) for stage in stages]`` in one host call: a list of asyncio futures mirroring the Java
    CompletionStages of ``stages`` (a Java list, or any iterable of stages), on asyncgraalpy's loop.

    For a fan-out: ``await asyncio.gather(*wrap_futures(stages))``. Cancelling one of the asyncio futures cancels its
    Java future. A Java list is handed to Java as it is, without crossing into Python element by element.
    """
    if loop is None:
        loop = asyncio.get_running_loop()
    if not isinstance(loop, _loop.JavaEventLoop):
        return [wrap_future(stage, loop=loop) for stage in stages]
    if not (isinstance(stages, (list, tuple)) or _java_futures.isList(stages)):
        stages = list(stages)  # a Java list goes to Java as it is; any other iterable becomes a list first
    watched = _Watched()
    futures = [_JavaStageFuture(watched, index, loop=loop) for index in range(len(stages))]
    try:
        watched.watches = _java_futures.watchAll(stages, futures, _completions(loop))
    except JavaThrowable as refused:
        if _java_name(refused) != "io.github.asyncgraalpy.bridge.internal.JavaFutures$NotAStage":
            raise
        index = refused.index()
        raise TypeError(f"a java.util.concurrent.CompletionStage is required, got {type(stages[index]).__name__}"
                        f" at index {index}") from None
    return futures


class _Watched:
    """The Java side of one ``wrap_future`` or ``wrap_futures`` call (bridge.internal.JavaFutures.Watches), shared by
    its asyncio futures: set once Java has watched every stage."""

    watches = None


class _JavaStageFuture(asyncio.Future):
    """An asyncio future on asyncgraalpy's loop that mirrors a Java future: cancelling it cancels the Java one.

    Cancelling is an override rather than a done callback: a callback would be one more handle for the loop to run
    per future, for every future, cancelled or not, which is what a batch of them mostly costs the loop.
    """

    def __init__(self, watched, index, *, loop):
        super().__init__(loop=loop)
        self._java_watched = watched
        self._java_index = index

    def cancel(self, msg=None):
        if not super().cancel(msg=msg):
            return False
        watches = self._java_watched.watches
        if watches is not None:
            try:
                watches.cancel(self._java_index)
            except Exception as problem:  # as a failing done callback would be: reported, the cancellation stands
                self.get_loop().call_exception_handler(
                    {"message": "cancelling a Java future failed", "exception": problem, "future": self})
        return True


def _cancel_if_cancelled(watches, index, done):
    if done.cancelled():
        watches.cancel(index)


def _completions(loop):
    completions = loop._java_completions
    if completions is None:
        completions = loop._java_completions = _java_futures.completions(loop._selector._java)
    return completions


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
        raise StopIteration(_take_result(coroutine))
    if output is _FAILED:
        raise _raised_error(_take_error(coroutine), thrown)
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
