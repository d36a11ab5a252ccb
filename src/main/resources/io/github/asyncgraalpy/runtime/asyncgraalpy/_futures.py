"""Java futures in asyncio: ``await`` on a CompletionStage, ``wrap_future`` and ``wrap_futures``, their outcomes
arriving through the loop's Java inbox (bridge.internal.JavaFutures), or through the completing thread on another loop.
"""

import asyncio
import functools

from asyncgraalpy import _errors, _loop

_java_futures = None  # bridge.internal.JavaFutures, set by install (it refuses foreign loops without the grant too)
_python_threads_granted = False  # set by install: the clean error for a foreign loop, before JavaFutures refuses it


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
    except _errors.JavaThrowable as refused:
        if _errors._java_name(refused) != "io.github.asyncgraalpy.bridge.internal.JavaFutures$NotAStage":
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
