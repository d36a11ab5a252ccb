"""The loop's inbox: the events Java threads post to a loop (a Python type per Java event class, applied on the loop's
thread), and what starts the coroutines Java submits as tasks.
"""

import asyncio
import contextvars

from asyncgraalpy import _errors, _scripts


class _LoopEvent:
    """What every event from Java does: ``_apply(loop)`` on the loop's thread; most concern no asyncio future, and
    most need nothing done when the loop closes before applying them (``_dropped``)."""

    def _awaited_by(self):
        return None

    def _dropped(self):
        pass


class _FutureOutcome(_LoopEvent):
    """A Java future's outcome (bridge.internal.FutureCompletion), for the asyncio future awaiting it."""

    def _apply(self, loop):
        future = self.future()
        if future.done():
            return
        if self.isCancelled():
            future.cancel()
            return
        error = self.error()
        _settle(future, False, error, self.result() if error is None else None)

    def _awaited_by(self):
        return self.future()


def _settle(future, cancelled, error, result):
    """Gives a pending asyncio future a Java future's outcome: cancelled, an error (a RaisedError, or the Python
    exception a blocking call raised), or the result."""
    if cancelled:
        future.cancel()
    elif error is not None:
        future.set_exception(error if isinstance(error, BaseException) else _errors._raised_error(error, None))
    else:
        future.set_result(result)


class _CompletionBatch(_LoopEvent):
    """Java futures' outcomes queued for this loop (bridge.internal.Completions): every one of them, in one host call."""

    def _apply(self, loop):
        self.drainInto(_settle_batch, loop)


def _settle_batch(loop, *flat):
    """Called by Completions.drainInto: three arguments per outcome, the future, its kind and its value."""
    for i in range(0, len(flat), 3):
        future = flat[i]
        try:
            if future.done():
                continue
            kind, value = flat[i + 1], flat[i + 2]
            if kind == 0:  # a result, the common case, without _settle's call
                future.set_result(value)
            else:
                _settle(future, kind == 2, value if kind == 1 else None, None)
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as problem:  # this future's outcome, not the rest of the batch
            _undeliverable(loop, _Undelivered(future), problem)


class _Undelivered(_LoopEvent):
    """One future of a batch whose outcome could not be applied."""

    def __init__(self, future):
        self._future = future

    def _awaited_by(self):
        return self._future


class _SubmittedAwaitable(_LoopEvent):
    """A coroutine Java submitted to run as a task (bridge.internal.Submission)."""

    # _apply: given by _bind_submissions, at install (with what starts a submission)


class _TaskCancellation(_LoopEvent):
    """Java gave up on a submission (bridge.internal.TaskCancellation): its task is cancelled."""

    def _apply(self, loop):
        self.task().cancel()


class _LoopStop(_LoopEvent):
    """Stop the loop (bridge.internal.StopLoop)."""

    def _apply(self, loop):
        loop.stop()


class _LoopPing(_LoopEvent):
    """Answer Java (bridge.internal.LoopPing): the loop goes through its inbox, so it is not blocked."""

    def _apply(self, loop):
        self.answer()

    def _dropped(self):
        self.dropped()


# The loop events by the name BridgeBootstrap gives each Java event class: the Python type each becomes.
_LOOP_EVENT_TYPES = {"future": _FutureOutcome, "completions": _CompletionBatch, "submit": _SubmittedAwaitable,
                     "cancel": _TaskCancellation, "stop": _LoopStop, "ping": _LoopPing}


def _deliver(loop, event):
    """Applies one event a Java thread posted to the loop's inbox: its type says what it is."""
    try:
        apply = event._apply
    except AttributeError:
        raise RuntimeError(f"unknown event from Java: {type(event).__name__}") from None
    apply(loop)


def _undeliverable(loop, event, problem):
    """An event from Java that could not be applied: its asyncio future fails with why; the loop goes on, whatever the
    event holds (a script can hand Java anything in place of a future)."""
    error = problem if isinstance(problem, Exception) else RuntimeError(
        f"a Java outcome could not be delivered: {type(problem).__name__}")
    try:
        future = event._awaited_by()
        if future is not None and not future.done():
            future.set_exception(error)
            return
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException:
        pass
    try:
        loop.call_exception_handler({"message": "an event from Java could not be applied", "exception": error})
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException:
        pass


def _submission_starter(ensure_future, iscoroutine, get_running_loop, Context, describe_exception):
    """What starts a submitted task, with what it calls bound once, at install, before any script runs: a script
    that rebinds the names (``_events._start_submission = ...``, ``asyncio.ensure_future = ...``) does not reach the
    submissions. One that patches deeper (a class's method, asyncio's internals) can; the pool then sees a loop that
    starts none of its submissions and replaces the context (AsyncioLoopPool)."""

    def call_in(namespace, name, arguments):
        try:
            function = namespace[name]
        except KeyError:
            raise NameError(f"name {name!r} is not defined") from None
        return function(*arguments)

    async def awaiting(awaitable):
        return await awaitable

    def start_submission(submission):
        function = submission.function()
        if function is None:
            awaitable = submission.awaitable()
        elif submission.isCancelled():
            return
        else:
            try:
                awaitable = call_in(submission.namespace(), function, submission.arguments())
            except BaseException as error:
                submission.failed(*describe_exception(error))
                return
        if submission.isCancelled():
            if iscoroutine(awaitable):
                awaitable.close()
            return
        try:
            context = submission.context()
            if context is None:
                task = ensure_future(awaitable)
            elif not isinstance(context, Context):
                if iscoroutine(awaitable):
                    awaitable.close()  # never to run: no "never awaited" warning for the caller's mistake
                raise TypeError(f"a contextvars.Context is required, got {type(context).__name__}")
            else:
                coroutine = awaitable if iscoroutine(awaitable) else awaiting(awaitable)
                task = get_running_loop().create_task(coroutine, context=context)
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

    return start_submission


def _applying(start_submission):
    def _apply(self, loop):
        start_submission(self)
    return _apply


_start_submission = None  # made by _bind_submissions


def _bind_submissions():
    """Called by install, once every module of the package has run: gives submissions their starter."""
    global _start_submission
    _start_submission = _submission_starter(asyncio.ensure_future, asyncio.iscoroutine, asyncio.get_running_loop,
                                            contextvars.Context, _scripts.describe_exception)
    _SubmittedAwaitable._apply = _applying(_start_submission)
