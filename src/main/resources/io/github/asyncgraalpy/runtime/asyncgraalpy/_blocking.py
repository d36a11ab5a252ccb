"""Blocking calls off the loop's thread without Python threads: ``loop.run_in_executor(None, func, *args)``, and so
``asyncio.to_thread``, run ``func`` on a Java thread that enters this context and takes the GIL (bridge.internal.
BlockingCalls). The sandbox still denies Python threads; a Java call that blocks in ``func`` releases the GIL, so
the loop goes on meanwhile.

asyncio's own default executor is a ThreadPoolExecutor, whose threads this sandbox denies; an executor the script
passes, or sets with ``set_default_executor``, is used as asyncio uses it.
"""

import asyncio
import functools
import warnings

from asyncgraalpy import _errors, _futures

_factory = None  # BlockingCalls.Factory, set by install

_REJECTED = "java.util.concurrent.RejectedExecutionException"


def run_in_executor(loop, func, args):
    """JavaEventLoop.run_in_executor with no executor given or set: an asyncio future of ``func(*args)``."""
    loop._check_closed()
    if loop._debug:
        loop._check_callback(func, "run_in_executor")
    loop._check_default_executor()  # RuntimeError('Executor shutdown has been called'), as asyncio says it
    future = loop.create_future()
    try:
        call = _calls(loop).start(functools.partial(_invoke, func, args), future, _futures._completions(loop))
    except _errors.JavaThrowable as refused:
        if _errors._java_name(refused) != _REJECTED:
            raise
        # What a shut-down ThreadPoolExecutor raises, in its words where they fit.
        message = _errors._as_python_exception(refused).java_message
        raise RuntimeError(f"cannot schedule new futures: {message}") from None
    future.add_done_callback(lambda done: call.cancel() if done.cancelled() else None)
    return future


def _calls(loop):
    """The loop's BlockingCalls, made on first use (one executor per context behind them all)."""
    calls = loop._blocking_calls
    if calls is None:
        calls = loop._blocking_calls = _factory.forLoop()
    return calls


def _invoke(func, args):
    # On the Java thread: a func that is not callable raises TypeError here, as in asyncio's own executor's worker.
    return func(*args)


async def shutdown_default_executor(loop, timeout):
    """JavaEventLoop.shutdown_default_executor: what BaseEventLoop does, without the Python thread it would start to
    join a default executor the script set (a Java thread joins it instead), and then the Java calls: no new ones,
    and wait for those running. Each wait up to ``timeout`` seconds, with asyncio 3.12's warning past it."""
    loop._executor_shutdown_called = True
    python_executor = loop._default_executor
    if python_executor is not None:
        joined = loop.create_future()
        try:
            _calls(loop).start(functools.partial(python_executor.shutdown, wait=True), joined, _futures._completions(loop))
        except _errors.JavaThrowable:  # shut down already, by an earlier call
            python_executor.shutdown(wait=False)
        else:
            if not await _within(timeout, joined):
                python_executor.shutdown(wait=False)
    calls = loop._blocking_calls
    if calls is not None:
        calls.shutdown()
        await _within(timeout, _futures.wrap_future(calls.terminated(), loop=loop))


async def _within(timeout, future):
    try:
        async with asyncio.timeout(timeout):
            await future
        return True
    except TimeoutError:
        warnings.warn("The executor did not finishing joining its threads within "
                      f"{timeout} seconds.", RuntimeWarning, stacklevel=4)
        return False
