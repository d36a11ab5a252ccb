"""Java protocols as Python special methods: awaitables, iterators, coroutines, async iteration, ``async with`` and
the elements of a PyAsyncSource, registered on the Java interfaces so that every implementing class gets them.
"""

import asyncio

from asyncgraalpy import _errors, _scripts

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
            raise TypeError(f"{_errors._java_name(self)}.next() returned null; it must return an IterNextOutput")
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
                raise _errors._raised_error(_take_error(self), thrown)
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
            raise _errors._raised_error(_take_error(self), None)


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


class JavaAsyncSource:
    """``async for`` over an io.github.asyncgraalpy.coroutine.PyAsyncSource: elements that Java threads produce."""

    def __aiter__(self):
        return self

    async def __anext__(self):
        element = await self.nextElement()
        if self.isEnd(element):
            raise StopAsyncIteration
        return element


def _coroutine_result(coroutine, output, thrown):
    if output is _DONE:
        raise StopIteration(_take_result(coroutine))
    if output is _FAILED:
        raise _errors._raised_error(_take_error(coroutine), thrown)
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
