"""Streams with backpressure both ways: a Java ``Flow.Publisher`` read with ``async for`` (demand a window ahead of the
loop), and a Python async iterable published to Java subscribers (driven by their demand).
"""

import asyncio

from asyncgraalpy import _errors, _events, _loop, _scripts

_java_streams = None  # bridge.internal.JavaStreams, set by install

DEFAULT_WINDOW = 16


def wrap_publisher(publisher, *, window=DEFAULT_WINDOW):
    """An async iterator over a Java ``java.util.concurrent.Flow.Publisher``: ``async for`` over a publisher itself
    does this with the default window.

    It subscribes when first read, and never has more than ``window`` elements requested and not yet consumed: it
    asks for the window at first and again for what the loop consumed once that makes half a window. ``onError`` is
    raised in the loop as the JavaError it stands for; ``onComplete`` ends it. Cancelling the reading task cancels the
    subscription, and so does ``aclose()`` (``async with wrap_publisher(p) as elements:`` or ``contextlib.aclosing``,
    for a ``break`` that should let go at once) or the end of the task that read it, whichever comes first.
    """
    if not _java_streams.isPublisher(publisher):
        raise TypeError(f"a java.util.concurrent.Flow.Publisher is required, got {type(publisher).__name__}")
    if type(window) is not int or not 1 <= window <= _java_streams.maxWindow():
        raise ValueError(f"window must be an int from 1 to {_java_streams.maxWindow()}, got {window!r}")
    return PublisherElements(publisher, window)


class PublisherElements:
    """The elements of a Java publisher, for ``async for``; see ``wrap_publisher``.

    ``async for`` runs on ``aiter()`` of it, an async generator (``_read``) that takes the Java buffer in one host call
    per batch and yields the elements of that Java list: no call of the bridge, and no coroutine of this class, per
    element.
    ``anext()`` on the object itself goes through the same generator.
    """

    __slots__ = ("_publisher", "_window", "_reader", "_elements", "_tasks", "_reading", "_closed")

    def __init__(self, publisher, window):
        self._publisher = publisher
        self._window = window
        self._reader = None
        self._elements = self._read()
        self._tasks = set()  # the tasks that made or read it and have not ended: when none is left, it lets go
        self._reading = False
        self._closed = False
        self._enlist()

    def __aiter__(self):
        return self._elements

    async def __anext__(self):
        if self._reading:
            raise RuntimeError("anext(): another task is already waiting for this publisher's next element")
        self._reading = True
        try:
            return await anext(self._elements)
        finally:
            self._reading = False

    async def _read(self):
        reader = self._reader or self._subscribe()
        loop = asyncio.get_running_loop()
        take = reader.take  # read once: reading a Java method costs more than calling it
        try:
            while True:
                self._enlist()  # once per batch: a task that reads takes a batch before it runs out
                elements = take(None)  # at most half a window from the Java buffer: one host call per batch
                if elements is not None and not elements:  # none there yet: a future to be woken by, made only now
                    future = loop.create_future()
                    elements = take(future)  # the elements may have come meanwhile: then no wait
                    if elements is not None and not elements:
                        try:
                            await future
                        except BaseException:  # the reading task was cancelled
                            reader.cancel()
                            raise
                        continue
                if elements is None:
                    error = reader.failure()
                    if error is not None:
                        raise _errors._raised_error(error, None)
                    if reader.wasCancelled() and not self._closed:
                        raise RuntimeError("this publisher's subscription was cancelled: the tasks that read it had ended")
                    return
                for i in range(len(elements)):  # by index: a Java list's elements read in place, no Java iterator
                    yield elements[i]
                    if self._closed:  # aclose() while the loop body ran: not one element more
                        return
        finally:
            reader.cancel()  # aclose() of this generator (contextlib.aclosing(aiter(p))), or its end: nothing if ended

    def _subscribe(self):
        loop = asyncio.get_running_loop()
        if not isinstance(loop, _loop.JavaEventLoop):
            raise RuntimeError("a Java publisher is read on asyncgraalpy's event loop (the default one of asyncio.run), whose"
                               " inbox its elements arrive through")
        if self._closed:
            raise RuntimeError("this publisher's elements were closed (aclose) before they were read")
        self._reader = _java_streams.read(self._publisher, self._window, loop._selector._java)
        return self._reader

    def _enlist(self):
        # A loop left with break or an exception calls nothing on its iterator: when every task that made or read it
        # has ended, it lets go. A task that hands it to another (create_task(anext(elements))) keeps it open meanwhile.
        try:
            task = asyncio.current_task()
        except RuntimeError:  # made outside a running loop
            return
        if task is not None and task not in self._tasks and not task.done():
            self._tasks.add(task)
            task.add_done_callback(self._task_ended)

    def _task_ended(self, task):
        self._tasks.discard(task)
        if not self._tasks and self._reader is not None:
            self._reader.cancel()

    async def aclose(self):
        """Cancels the subscription; the elements not read yet are dropped, and the loop ends. Idempotent."""
        self._closed = True
        if self._reader is not None:
            self._reader.cancel()

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self.aclose()
        return False


class JavaPublisher:
    """``async for`` over every java.util.concurrent.Flow.Publisher, with the default window."""

    def __aiter__(self):
        return aiter(wrap_publisher(self))


def as_publisher(source):
    """A Java ``Flow.Publisher`` of ``source``'s elements, for Java subscribers, published from the running loop.

    ``source`` is an async iterable (one subscriber may have it) or a function of no arguments that makes one (each
    subscriber gets its own), such as an ``async def`` generator function. No element is produced before a subscriber
    requests it; ``cancel()`` closes the generator (its ``finally`` runs); an exception in it is the subscriber's
    ``onError`` (a PythonException). Java's ``PythonPublisher.of(loopThread, source)`` makes the same publisher.
    """
    if not (hasattr(type(source), "__aiter__") or callable(source)):
        raise TypeError(f"an async iterable or a function that makes one is required, got {type(source).__name__}")
    loop = asyncio.get_running_loop()
    if not isinstance(loop, _loop.JavaEventLoop):
        raise RuntimeError("a publisher is served by asyncgraalpy's event loop (the default one of asyncio.run)")
    return _java_streams.publish(source, loop._selector._java)


class _SubscriptionStart(_events._LoopEvent):
    """A Java subscriber subscribed to a Python source (bridge.internal.PythonSubscription): publish to it. Whatever
    becomes of the task (cancelled before it ran, or the loop closing with it pending), the subscriber hears the end."""

    def _apply(self, loop):
        task = loop.create_task(_publish(self))
        key = id(task)
        loop._call_at_close(key, self.abandon)

        def ended(_done):
            loop._forget_at_close(key)
            self.abandon()  # nothing if the stream ended normally

        task.add_done_callback(ended)

    def _dropped(self):
        self.abandon()


# A source that never waits would keep the loop to itself under unbounded demand: a turn for the others this often.
_ELEMENTS_PER_TURN = 1024


async def _publish(subscription):
    """Serves one subscription on the loop's thread: an element from the source for each one requested, every signal
    from here. A subscriber that cancels gets nothing more, and the source's generator is closed.

    While there is demand, the source is drained into a batch that Java signals in one host call (``emitList``), never
    more than the demand; where the source suspends, what it made so far is signalled at once (``_Batch._turned``), so
    that an element never waits for the ones after it."""
    loop = asyncio.get_running_loop()
    if not subscription.begin(asyncio.current_task()):
        _report_subscriber_failure(loop, subscription)
        return
    iterator = None
    finished = False
    batch = _Batch(loop, subscription, asyncio.current_task())
    elements = batch.elements
    try:
        iterator = _open(subscription)
        if iterator is None:
            return
        count = subscription.demand(None)
        while True:
            if count == 0:
                future = loop.create_future()
                count = subscription.demand(future)  # a request may have come meanwhile: then no wait
                if count == 0:
                    await future
                    count = subscription.demand(None)
                    continue
            if count < 0:
                return
            batch.watch()
            room = min(count, _ELEMENTS_PER_TURN - batch.produced)
            taken = 0
            try:
                async for element in iterator:
                    elements.append(element)
                    taken += 1
                    if taken == room:
                        break
                else:
                    finished = True
            except BaseException:  # the source raised, or the task was cancelled: what came before goes first
                batch.send()
                raise
            batch.produced += taken
            count = batch.send()  # the demand left after the batch, asked in the same host call
            if count < 0:
                return
            if finished:
                subscription.complete()
                return
            if batch.produced >= _ELEMENTS_PER_TURN:
                await asyncio.sleep(0)
                count = subscription.demand(None)  # the loop turned: a cancel may have come meanwhile
    except asyncio.CancelledError:  # the subscriber cancelled (it hears nothing more), or the task was cancelled
        subscription.abandon()       # (the loop closing): then onError(CancellationException), as for a task never run
    except BaseException as error:  # the source raised
        finished = iterator is not None
        subscription.fail(*_scripts.describe_exception(error))  # nothing if the subscriber cancelled
    finally:
        batch.unwatch()
        if iterator is not None and not finished:
            await _close(loop, iterator)


class _Batch:
    """The elements ``_publish`` drained from its source and not signalled yet, and a callback on the loop that
    signals them if the source suspends before the batch is full: the callback waits in the loop's ready queue, ahead
    of whatever wakes the source, so it runs first. One callback per turn of the loop, not per batch."""

    __slots__ = ("_loop", "_subscription", "_task", "elements", "produced", "_handle")

    def __init__(self, loop, subscription, task):
        self._loop = loop
        self._subscription = subscription
        self._task = task
        self.elements = []
        self.produced = 0  # elements since the loop last turned: a source that never waits yields the loop this often
        self._handle = None

    def watch(self):
        if self._handle is None:
            self._handle = self._loop.call_soon(self._turned)

    def unwatch(self):
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _turned(self):
        self._handle = None
        self.produced = 0
        if self.send() < 0:
            self._task.cancel()  # the subscriber cancelled or threw: the source is closed, it makes nothing more

    def send(self):
        """Signals the batch (one host call) and empties it: the demand left after it (0 for an empty batch: ask
        again), or -1 if the stream is over (the subscriber cancelled, threw, which is reported, or the stream ended);
        the elements not signalled are dropped."""
        elements = self.elements
        if not elements:
            return 0
        left = self._subscription.emitList(elements)  # Java reads the list: a Value per element, made there
        elements.clear()
        if left < 0:
            _report_subscriber_failure(self._loop, self._subscription)
        return left


def _open(subscription):
    """The iterator to publish, or None after refusing the subscriber."""
    source = subscription.source()
    if hasattr(type(source), "__aiter__"):
        if not subscription.claimSource():
            subscription.refuse("this publisher's async iterable already has its subscriber; publish a function that"
                                " makes one to serve every subscriber its own")
            return None
        return _iterator(aiter(source))
    if callable(source):
        return _iterator(aiter(source()))
    raise TypeError(f"a publisher's source is an async iterable or a function that makes one, not {type(source).__name__}")


def _iterator(iterator):
    """``iterator``, or a wrapper of it that ``async for`` may start again where it stopped (``aiter`` of it is
    itself), as ``_publish`` breaks out of its loop at each batch."""
    if getattr(type(iterator), "__aiter__", None) is not None and aiter(iterator) is iterator:
        return iterator
    return _Resumable(iterator)


class _Resumable:
    __slots__ = ("_iterator", "aclose")

    def __init__(self, iterator):
        self._iterator = iterator
        self.aclose = getattr(iterator, "aclose", None)

    def __aiter__(self):
        return self

    def __anext__(self):
        return type(self._iterator).__anext__(self._iterator)


async def _close(loop, iterator):
    aclose = getattr(iterator, "aclose", None)
    if aclose is None:
        return
    try:
        await aclose()
    except BaseException as error:
        loop.call_exception_handler({"message": "closing a published async generator failed", "exception": error})


def _report_subscriber_failure(loop, subscription):
    failure = subscription.takeSubscriberFailure()
    if failure is not None:
        loop.call_exception_handler({"message": "a Flow.Subscriber threw (Reactive Streams rule 2.13); its subscription is"
                                                f" cancelled: {failure}"})


_LOOP_EVENT_TYPES = {"publish": _SubscriptionStart}
