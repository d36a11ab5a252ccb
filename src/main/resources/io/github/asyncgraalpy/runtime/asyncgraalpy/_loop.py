"""asyncio on a Java selector: an event loop whose waiting and wake-up go through Java (no socket, no file
descriptor), with an inbox that brings completions and submissions from Java threads in batches; and the body of the
Java thread that runs one (AsyncioLoopThread). What the loop hands on (its inbox's events, its blocking calls) lives in
the layers above, ``_events`` and ``_blocking``, which install binds in: of the package's modules this one imports
only ``_lazy_asyncio``, which imports asyncio for it.
"""

import sys
import time

from asyncgraalpy import _lazy_asyncio

_selector_factory = None  # JavaSelector.Factory, set by install

_import_started = time.perf_counter()
# asyncio's base_events, selector_events and sslproto try `import ssl`; on GraalPy that sets up Java's TLS stack, a
# good part of a context's start-up. Sockets are denied here, so asyncio gets what it gets on a CPython built without
# ssl: `ssl = None`. A script that imports ssl itself still gets it, at its own cost. (sslproto and selector_events run
# on first use, if ever, and see ssl as it is then: a script that uses them pays for it.)
_keep_ssl_out = "ssl" not in sys.modules
if _keep_ssl_out:
    sys.modules["ssl"] = None
try:
    asyncio = _lazy_asyncio.import_asyncio()  # its rarely used submodules run on first use, its surface unchanged
    import asyncio.base_events
    import asyncio.events
finally:
    if _keep_ssl_out:
        del sys.modules["ssl"]
del _keep_ssl_out
import_seconds = time.perf_counter() - _import_started  # GraalPyRuntime reports it as a phase of start-up


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
        return self._java.close()


class JavaEventLoop(asyncio.base_events.BaseEventLoop):
    """An event loop for callbacks, tasks, futures and timers, and TCP where the context's network policy allows it.

    ``create_connection``, ``create_server`` and ``getaddrinfo`` are bound by install (``_network``): the IO is done
    in Java, and the loop waits in a Java NIO selector once it has a socket. Reader, writer, ``sock_*``, pipe and
    subprocess methods keep BaseEventLoop's NotImplementedError: Python gets no file descriptor to watch.
    """

    _java_completions = None  # where Java futures' outcomes queue for this loop (asyncgraalpy.wrap_future makes it)
    _blocking_calls = None  # the Java executor of run_in_executor(None, ...), started by the first call (_blocking)

    def __init__(self):
        super().__init__()
        self._selector = _JavaSelector(_selector_factory.create())
        self._at_close = {}  # key -> what to call when the loop closes (what it served and can serve no more)

    def _call_at_close(self, key, callback):
        """``callback()`` when the loop closes, unless ``_forget_at_close(key)`` comes first."""
        self._at_close[key] = callback

    def _forget_at_close(self, key):
        self._at_close.pop(key, None)

    # _process_events(event_list): bound by install (_bind_delivery)

    # run_in_executor(executor, func, *args) and shutdown_default_executor(timeout=None): bound by install
    # (_bind_blocking), as their Java threads are a layer above the loop

    def _write_to_self(self):
        self._selector._java.wake()

    def close(self):
        if self.is_running():
            raise RuntimeError("Cannot close a running event loop")
        if self.is_closed():
            return
        super().close()
        if self._blocking_calls is not None:
            self._blocking_calls.shutdown()  # as asyncio's close shuts its executor down: without waiting
        # What Java posted and the loop will never apply, and what tasks that will never run were serving: each is
        # told, so that nothing waiting in Java is left without an answer.
        for event in self._selector.close():
            self._tell(getattr(event, "_dropped", None))
        at_close, self._at_close = self._at_close, {}
        for callback in at_close.values():
            self._tell(callback)

    @staticmethod
    def _tell(callback):
        if callback is None:
            return
        try:
            callback()
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException:  # a closing loop has no exception handler left to report to
            pass


def _bind_delivery(deliver, undeliverable):
    """Gives JavaEventLoop its ``_process_events``, with what it calls bound at install, before any script runs: a
    script that rebinds ``_events._deliver`` does not reach the loops' inboxes."""

    def _process_events(self, event_list):
        # Events that Java threads posted since the last select, handed over in one batch, on the loop's thread. One
        # event that cannot be applied fails its own future, never the loop or the rest of the batch.
        for event in event_list:
            try:
                deliver(self, event)
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as problem:  # a Java exception from the event's accessors is a BaseException here
                undeliverable(self, event, problem)

    JavaEventLoop._process_events = _process_events


def _bind_blocking(run_blocking, shut_blocking_down):
    """Gives JavaEventLoop its default executor, Java threads (``_blocking``), bound at install, before any script
    runs: an executor the script passes, or sets with ``set_default_executor``, is used as asyncio uses it."""

    def run_in_executor(self, executor, func, *args):
        """Without an executor given or set, ``func(*args)`` runs on a Java thread (asyncgraalpy._blocking)."""
        if executor is None and self._default_executor is None:
            return run_blocking(self, func, args)
        return asyncio.base_events.BaseEventLoop.run_in_executor(self, executor, func, *args)

    async def shutdown_default_executor(self, timeout=None):
        await shut_blocking_down(self, timeout)

    for method in (run_in_executor, shutdown_default_executor):
        method.__qualname__ = "JavaEventLoop." + method.__name__
        setattr(JavaEventLoop, method.__name__, method)


class JavaEventLoopPolicy(asyncio.events.BaseDefaultEventLoopPolicy):
    _loop_factory = JavaEventLoop


_SHUTDOWN_ROUNDS = 3


def run_loop_thread(ready):
    """The body of an AsyncioLoopThread: run a JavaEventLoop until told to stop, then cancel what is left and give
    it the close limit (``ready.loopStopped()``, in seconds) to end; what has not ended by then is abandoned."""
    loop = JavaEventLoop()
    asyncio.set_event_loop(loop)
    try:
        loop.call_soon(ready.loopRunning, loop._selector._java)
        loop.run_forever()
        deadline = loop.time() + ready.loopStopped()
        # Cancelled tasks may start others (a subscription arriving meanwhile): a few rounds, then the loop closes and
        # tells what is left (JavaEventLoop.close).
        for _ in range(_SHUTDOWN_ROUNDS):
            leftover = asyncio.all_tasks(loop)
            if not leftover:
                break
            for task in leftover:
                task.cancel()
            left = deadline - loop.time()
            if left <= 0:
                break
            loop.run_until_complete(asyncio.wait(leftover, timeout=left))
        left = deadline - loop.time()
        if left > 0:
            loop.run_until_complete(asyncio.wait([loop.create_task(loop.shutdown_asyncgens())], timeout=left))
        _abandon(asyncio.all_tasks(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def _abandon(tasks):
    """Tasks that did not end within the close limit (they swallowed CancelledError): they never run again, and their
    Java futures end cancelled. Nothing is logged here, where a slow or replaced exception handler would hold the
    closing loop, nor later, when the collector would find them "destroyed but pending"."""
    for task in tasks:
        try:
            task._log_destroy_pending = False
        except AttributeError:
            pass
