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


# A source whose elements are all there (an Iterable) would keep the loop to itself: its I/O, timers and Java inbox
# get a turn at least this often, as a published async generator's (_streams._ELEMENTS_PER_TURN).
_ELEMENTS_PER_TURN = 1024


def _turn_due(ready, since_turn):
    """True when ``async for`` over a Java source should give the loop a turn before its next element: another task
    or callback is ready to run (so tasks reading side by side interleave element by element, as before), or the loop
    has not turned for ``_ELEMENTS_PER_TURN`` elements. ``ready`` is the loop's ready queue, or None on a loop without
    one (then every element)."""
    return ready is None or since_turn >= _ELEMENTS_PER_TURN or bool(ready)


async def _java_elements(iterator):
    """``async for`` over a Java iterator: one ``next`` per element; the loop turns before an element whenever another
    task is ready to run, and at least every ``_ELEMENTS_PER_TURN`` elements (see ``_turn_due``). The turn comes before
    ``next``, so a task cancelled there has taken nothing from the iterator."""
    ready = getattr(asyncio.get_running_loop(), "_ready", None)
    since_turn = 0
    while True:
        if _turn_due(ready, since_turn):
            await asyncio.sleep(0)
            since_turn = 0
        try:
            element = next(iterator)
        except StopIteration:
            return
        since_turn += 1
        yield element


class JavaAsyncIterable:
    """``__aiter__`` for every java.lang.Iterable."""

    def __aiter__(self):
        return _java_elements(iter(self))


class JavaAsyncIterator:
    """``__aiter__`` for every java.util.Iterator."""

    def __aiter__(self):
        return _java_elements(self)


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
        return _source_elements(self)

    async def __anext__(self):
        element = await self.nextElement()
        if self.isEnd(element):
            raise StopAsyncIteration
        return element


async def _source_elements(source):
    """``async for`` over a PyAsyncSource: an element already there is taken with ``elementIfReady()``, with no future
    and no wake-up; only when none is does it await ``nextElement()``, which also tells the end. The loop turns as
    for a Java iterator (``_turn_due``), before an element is taken: a task cancelled there has taken nothing."""
    ready = getattr(asyncio.get_running_loop(), "_ready", None)
    element_if_ready = source.elementIfReady  # read once: reading a Java method costs more than calling it
    since_turn = 0
    while True:
        if _turn_due(ready, since_turn):
            await asyncio.sleep(0)
            since_turn = 0
        element = element_if_ready()
        if element is None:
            element = await source.nextElement()
            if source.isEnd(element):
                return
        since_turn += 1
        yield element


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
