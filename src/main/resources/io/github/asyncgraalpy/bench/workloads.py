"""The benchmark workloads, shared by GraalPy (called from Java) and CPython (python3 workloads.py PLAN).

Every workload times itself with time.perf_counter_ns inside the runtime and returns nanoseconds, so both
runtimes are timed the same way and the harness's own calls are left out. Functions taking Java objects run on
GraalPy only; the baselines are plain Python and run on both.
"""
import asyncio
import json
import queue
import sys
import threading
import time
import types

_runner = asyncio.Runner()


def run(coroutine):
    """One event loop for every round, as a long-running program has."""
    return _runner.run(coroutine)


# --- cases 1 and 2: awaits --------------------------------------------------------------------------------------

async def native_immediate():
    return 1


class PythonImmediate:
    """The tutorial's Python awaitable: __await__ returns self, __next__ ends at once."""

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration(1)


async def native_ten_suspensions():
    for _ in range(10):
        await asyncio.sleep(0)
    return 1


class PythonTenSuspensions:
    """Suspends ten times (yields None: "run me again soon"), then returns 1."""

    def __init__(self):
        self.left = 10

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        if self.left == 0:
            raise StopIteration(1)
        self.left -= 1
        return None


_AWAITS = """
def awaits(make, n):
    async def body():
        start = time.perf_counter_ns()
        for _ in range(n):
            await make()
        return time.perf_counter_ns() - start
    return run(body())
"""


_IMMEDIATE_AWAITS = """
async def hundred(make):
    for _ in range(100):
        await make()


def awaits(make, n):
    async def body():
        start = time.perf_counter_ns()
        for _ in range(n // 100):
            await hundred(make)
        for _ in range(n % 100):
            await make()
        return time.perf_counter_ns() - start
    return run(body())
"""


def immediate_awaits_for(case):
    """awaits(make, n) for case 1, awaitables that return at once, with code of its own (see awaits_for): n awaits of
    make() in one task, a hundred at a time in a coroutine of their own.

    A loop of 100,000 awaits that never suspend in one coroutine is compiled on the stack (on-stack replacement), and
    GraalPy threw that code away at the end of every round for some cases: the baseline then measured 9 ns in some
    JVMs and 200 ns in others. A coroutine of a hundred awaits, called a thousand times a round, is compiled as a
    whole, once.
    """
    return _own_code(_IMMEDIATE_AWAITS, "awaits", case)


def awaits_for(case):
    """awaits(make, n): n awaits of make() in one task, with code of its own for one case.

    Cases measured side by side through one shared loop would share its compiled code: each kind of awaitable would
    throw away the loop that the previous kind compiled (an on-stack-replacement deopt cycle), and every case would
    measure that cycle instead of itself.
    """
    return _own_code(_AWAITS, "awaits", case)


def _own_code(source, name, case, **names):
    """The function ``name`` that ``source`` defines, compiled anew for ``case``: code no other case shares."""
    namespace = {"run": run, "time": time, **names}
    exec(compile(source, f"<{name} for {case}>", "exec"), namespace)
    return namespace[name]


_CALLS = """
def calls(call, n):
    start = time.perf_counter_ns()
    for _ in range(n):
        call()
    return time.perf_counter_ns() - start
"""


def calls_for(case):
    """calls(call, n): n calls of call() and no await, with code of its own for one case (see awaits_for): the
    floors under case 1, a Java object made and an exported Java method called, each measured alone."""
    return _own_code(_CALLS, "calls", case)


def nothing():
    """Case 3's floor: what Java calls once per step, doing nothing."""


next_step = next  # case 3's other floor: Java resuming the coroutine with Python's own next, nothing around it


# --- case 3: driving a coroutine step by step ---------------------------------------------------------------------

@types.coroutine
def _suspend():
    yield


async def stepping(n):
    for _ in range(n):
        await _suspend()
    return n


def python_drives(n):
    """n steps of a coroutine driven by Python: next() on its __await__ iterator until StopIteration."""
    iterator = stepping(n).__await__()
    start = time.perf_counter_ns()
    for _ in iterator:
        pass
    return time.perf_counter_ns() - start


# --- case 4: many futures completed from other threads ------------------------------------------------------------

# The loop thread's CPU time in the last case-4 round: what the futures cost the loop itself, beside the wall time
# (which also counts the completing threads, the compiler and the scheduler sharing two cores).
last_loop_cpu_ns = 0


def loop_cpu_ns():
    return last_loop_cpu_ns


# The completing thread finishes before the loop looks at the futures (the loop thread waits for it, outside the
# GIL): on two cores a Python completer running beside the loop made the baseline bimodal, the two threads handing
# the GIL to each other for every future in some rounds and not in others (p10-p90: 12k-430k futures/s in one run).
# So a round is the futures made, all completed, and then taken by the loop in one go, on both sides.

def call_soon_threadsafe_gather(n, threads=1):
    """n asyncio futures, completed from Python threads with call_soon_threadsafe, awaited with gather."""
    async def body():
        global last_loop_cpu_ns
        loop = asyncio.get_running_loop()
        cpu_start = time.thread_time_ns()
        start = time.perf_counter_ns()
        futures = [loop.create_future() for _ in range(n)]

        def complete(part):
            for future in part:
                loop.call_soon_threadsafe(future.set_result, 1)

        workers = [threading.Thread(target=complete, args=(futures[i::threads],)) for i in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        await asyncio.gather(*futures)
        elapsed = time.perf_counter_ns() - start
        last_loop_cpu_ns = time.thread_time_ns() - cpu_start
        return elapsed
    return run(body())


def java_futures_gather(batch, n):
    """n Java CompletableFutures, completed from Java threads, awaited with gather through wrap_futures."""
    from asyncgraalpy import wrap_futures

    async def body():
        global last_loop_cpu_ns
        cpu_start = time.thread_time_ns()
        start = time.perf_counter_ns()
        futures = wrap_futures(batch.create(n))
        batch.completeAll()
        await asyncio.gather(*futures)
        elapsed = time.perf_counter_ns() - start
        last_loop_cpu_ns = time.thread_time_ns() - cpu_start
        return elapsed
    return run(body())


def java_futures_gather_as_tasks(batch, n):
    """The same, gathering the Java futures themselves: gather wraps each awaitable in a task."""
    async def body():
        global last_loop_cpu_ns
        cpu_start = time.thread_time_ns()
        start = time.perf_counter_ns()
        stages = list(batch.create(n))
        batch.completeAll()
        await asyncio.gather(*stages)
        elapsed = time.perf_counter_ns() - start
        last_loop_cpu_ns = time.thread_time_ns() - cpu_start
        return elapsed
    return run(body())


# Case 4's anatomy: where the loop thread's CPU goes per future, phase by phase, on both sides. The futures are made
# (and, on the Java side, watched), completed by the other thread, delivered to the loop, and only then gathered,
# so that each phase runs on its own; each returns [make, deliver, gather] in loop-CPU nanoseconds per future.

async def _phases(futures, made, watched, completed):
    """The futures, made and completed between the clock readings given, delivered and then gathered."""
    while not futures[-1].done():
        await asyncio.sleep(0)
    delivered = time.thread_time_ns()
    await asyncio.gather(*futures)
    gathered = time.thread_time_ns()
    n = len(futures)
    return [(watched - made) // n, (delivered - completed) // n, (gathered - delivered) // n]


def call_soon_threadsafe_phases(n):
    async def body():
        loop = asyncio.get_running_loop()
        made = time.thread_time_ns()
        futures = [loop.create_future() for _ in range(n)]
        watched = time.thread_time_ns()

        def complete():
            for future in futures:
                loop.call_soon_threadsafe(future.set_result, 1)

        worker = threading.Thread(target=complete)
        worker.start()
        worker.join()
        return await _phases(futures, made, watched, time.thread_time_ns())
    return run(body())


def java_futures_phases(batch, n):
    from asyncgraalpy import wrap_futures

    async def body():
        stages = batch.create(n)  # the Java side's own futures, as a service would return them: not the bridge's cost
        made = time.thread_time_ns()
        futures = wrap_futures(stages)
        watched = time.thread_time_ns()
        batch.completeAll()
        return await _phases(futures, made, watched, time.thread_time_ns())
    return run(body())


def threadsafe_wake_latencies(clock, n, delay=0.0002):
    """n wake-ups: a Python thread sets a parked task's future with call_soon_threadsafe; clock() ns from set to run."""
    async def body():
        loop = asyncio.get_running_loop()
        handoff = queue.SimpleQueue()

        def completer():
            while (future := handoff.get()) is not None:
                time.sleep(delay)  # the task is parked in the loop's select by now
                loop.call_soon_threadsafe(future.set_result, clock())

        worker = threading.Thread(target=completer)
        worker.start()
        latencies = []
        for _ in range(n):
            future = loop.create_future()
            handoff.put(future)
            completed_at = await future
            latencies.append(clock() - completed_at)
        handoff.put(None)
        worker.join()
        return latencies
    return run(body())


def java_wake_latencies(probe, n):
    """n wake-ups: a Java thread completes a parked task's CompletableFuture; probe.nanoTime() ns from completion to run."""
    async def body():
        latencies = []
        for _ in range(n):
            completed_at = await probe.completeSoon()
            latencies.append(probe.nanoTime() - completed_at)
        return latencies
    return run(body())


# --- case 5: a coroutine's result, asked for by another thread -------------------------------------------------------

async def echo(value):
    return value


_loop_in_thread = None


def run_coroutine_threadsafe_round_trips(n):
    """n round trips from this thread to a loop running in a Python thread, with run_coroutine_threadsafe."""
    global _loop_in_thread
    if _loop_in_thread is None:
        _loop_in_thread = asyncio.new_event_loop()
        threading.Thread(target=_loop_in_thread.run_forever, daemon=True).start()
    start = time.perf_counter_ns()
    for i in range(n):
        asyncio.run_coroutine_threadsafe(echo(i), _loop_in_thread).result()
    return time.perf_counter_ns() - start


# --- CPython: the same workloads, for the same table ----------------------------------------------------------------

def _latencies_p(n, percent):
    latencies = sorted(threadsafe_wake_latencies(time.perf_counter_ns, n))
    return latencies[max(0, -(-percent * len(latencies) // 100) - 1)]


# --- streams: elements per second through async for, both ways across the boundary ------------------------------

_NUMBERS = """
async def numbers(n):
    for i in range(n):
        yield i
"""


def numbers_for(case):
    """numbers(n), an async generator of n numbers, with code of its own for one case (see awaits_for): driven by
    async for in one case and by a Java subscriber in others, one generator's code was thrown away again and again
    (GraalPy's compilation log: its __anext__ deoptimised while measured)."""
    return _own_code(_NUMBERS, "numbers", case)


_numbers = numbers_for("streams")

STREAM_CHUNK = 1_000

_ASYNC_FOR = """
async def take(iterator, k):
    total = 0
    async for element in iterator:
        total += element
        k -= 1
        if k == 0:
            break
    return total


def sum_async_for(iterable, n):
    async def body():
        start = time.perf_counter_ns()
        iterator = aiter(iterable)
        total = 0
        for _ in range(n // STREAM_CHUNK):
            total += await take(iterator, STREAM_CHUNK)
        async for element in iterator:  # the rest, and the end of the stream
            total += element
        assert total == n * (n - 1) // 2, (total, n)
        return time.perf_counter_ns() - start
    return run(body())
"""


def async_for_for(case):
    """sum_async_for(iterable, n): async for over n numbers, timed, with code of its own for one case (see
    awaits_for), STREAM_CHUNK elements per call of a coroutine of its own (see immediate_awaits_for). One loop of
    20,000 elements in the timed coroutine was compiled on the stack and thrown away whenever it suspended, so no
    stream case settled."""
    return _own_code(_ASYNC_FOR, "sum_async_for", case, STREAM_CHUNK=STREAM_CHUNK)


def async_for_generator(n, numbers=_numbers, sum_async_for=async_for_for("streams/async-for-generator")):
    """The baseline: async for over a Python async generator of n numbers."""
    return sum_async_for(numbers(n), n)


def publisher_into_async_for(make_publisher, n, window, sum_async_for):
    """async for over a Java Flow.Publisher of n numbers, sent from a Java thread as the window allows."""
    from asyncgraalpy import wrap_publisher

    return sum_async_for(wrap_publisher(make_publisher(n), window=window), n)


def iterable_into_async_for(iterable, n, sum_async_for):
    """async for over a Java Iterable of n numbers, made as they are iterated (bench.CountingIterable)."""
    return sum_async_for(iterable, n)


def queue_into_async_for(make_producers, n, sum_async_for):
    """async for over an AsyncQueue that one Java thread fills with n numbers (examples.JavaProducers)."""
    return sum_async_for(make_producers(n, 1), n)


def generator_into_subscriber(drain, n, batch, numbers=_numbers):
    """A Python async generator of n numbers published to a Java subscriber that requests batch at a time."""
    async def body():
        start = time.perf_counter_ns()
        received = await drain.drain(numbers(n), batch)
        assert received == n
        return time.perf_counter_ns() - start
    return run(body())


# --- pool: CPU-bound Python between awaits of Java futures, in one context or several; blocking calls ---------------

POOL_STEPS = 200_000  # pure-Python steps between two awaits of a Java future


def _pure_python_work():
    # A function of its own, not a loop in the coroutine: GraalPy 25 compiles a hot loop in a coroutine that then
    # suspends again and again (on-stack replacement, thrown away at each resume); a function it compiles once.
    total = 0
    for k in range(POOL_STEPS):
        total += k * k % 7
    return total


async def cpu_bound_task(answers, awaits):
    """What a pooled context runs: pure-Python work, then an await of a Java future, ``awaits`` times."""
    total = 0
    for i in range(awaits):
        total += _pure_python_work()
        total += await answers.answer(i)
    return total


def to_thread_round_trips(n):
    """n awaits of asyncio.to_thread, one after another: a thread hand-over there and back each."""
    async def body():
        start = time.perf_counter_ns()
        for i in range(n):
            await asyncio.to_thread(abs, i)
        return time.perf_counter_ns() - start
    return run(body())


# --- net: loopback TCP, the echo server and its clients in one script and one loop, on either runtime -------------

NET_MESSAGE = b"m" * 64  # an echo round trip's message
NET_CHUNK = b"b" * (64 * 1024)  # a bulk write
NET_BACKLOG = 1024  # the many-connections case connects them all at once


class _EchoServer(asyncio.Protocol):
    """asyncio's echo server protocol: whatever arrives is written back."""

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


class _Sink(asyncio.Protocol):
    """Counts what arrives; done once ``expected`` bytes came."""

    def __init__(self, expected, done):
        self.expected, self.done, self.received = expected, done, 0

    def data_received(self, data):
        self.received += len(data)
        if self.received >= self.expected and not self.done.done():
            self.done.set_result(self.received)


async def _echo(reader, writer, times):
    for _ in range(times):
        writer.write(NET_MESSAGE)
        await reader.readexactly(len(NET_MESSAGE))


async def _close(writer):
    writer.close()
    await writer.wait_closed()


def net_echo_round_trips(n):
    """n echo round trips of 64 bytes on one connection (open_connection's streams against an echo Protocol)."""
    async def body():
        server = await asyncio.get_running_loop().create_server(_EchoServer, "127.0.0.1", 0)
        async with server:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.sockets[0].getsockname()[1])
            start = time.perf_counter_ns()
            await _echo(reader, writer, n)
            elapsed = time.perf_counter_ns() - start
            await _close(writer)
        return elapsed
    return run(body())


def net_bulk(total):
    """total bytes (at least one write) in 64 KiB writes through one connection into a counting Protocol; drain after
    each write."""
    writes = max(1, total // len(NET_CHUNK))

    async def body():
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        server = await loop.create_server(lambda: _Sink(writes * len(NET_CHUNK), done), "127.0.0.1", 0)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", server.sockets[0].getsockname()[1])
            start = time.perf_counter_ns()
            for _ in range(writes):
                writer.write(NET_CHUNK)
                await writer.drain()
            await done
            elapsed = time.perf_counter_ns() - start
            await _close(writer)
        return elapsed
    return run(body())


def net_many_connections(connections, echoes=10, at_peak=None):
    """connections clients connect at once, each then makes echoes round trips, all concurrently, and closes.

    A connection that fails raises, unless at_peak is given: it is then called, while all connections are still open,
    with how many of them made all their round trips (GraalPy's heap probe)."""
    async def body():
        server = await asyncio.get_running_loop().create_server(_EchoServer, "127.0.0.1", 0, backlog=NET_BACKLOG)
        async with server:
            port = server.sockets[0].getsockname()[1]
            start = time.perf_counter_ns()
            opened = await asyncio.gather(*(asyncio.open_connection("127.0.0.1", port) for _ in range(connections)),
                                          return_exceptions=True)
            streams = [each for each in opened if not isinstance(each, BaseException)]
            echoed = await asyncio.gather(*(_echo(reader, writer, echoes) for reader, writer in streams),
                                          return_exceptions=True)
            elapsed = time.perf_counter_ns() - start
            failures = [each for each in opened + echoed if isinstance(each, BaseException)]
            if at_peak is not None:
                at_peak(connections - len(failures))
            await asyncio.gather(*(_close(writer) for _, writer in streams), return_exceptions=True)
        if failures and at_peak is None:
            raise failures[0]
        return elapsed
    return run(body())


def net_many_connections_probed(connections, echoes, probe):
    """net_many_connections with a Java probe's atPeak(served) called while the connections are open."""
    return net_many_connections(connections, echoes, probe.atPeak)


PURE_PYTHON = {
    "await/native-async-def": lambda n: immediate_awaits_for("await/native-async-def")(native_immediate, n),
    "await/python-class": lambda n: immediate_awaits_for("await/python-class")(PythonImmediate, n),
    "steps10/native-async-def": lambda n: awaits_for("steps10/native-async-def")(native_ten_suspensions, n),
    "steps10/python-class": lambda n: awaits_for("steps10/python-class")(PythonTenSuspensions, n),
    "drive/python-drives": python_drives,
    "bridge/call-soon-threadsafe-10k": call_soon_threadsafe_gather,
    "bridge/call-soon-threadsafe-100k": call_soon_threadsafe_gather,
    "bridge/call-soon-threadsafe-latency": lambda n: threadsafe_wake_latencies(time.perf_counter_ns, n),
    "loop-thread/run-coroutine-threadsafe": run_coroutine_threadsafe_round_trips,
    "streams/async-for-generator": async_for_generator,
    "pool/cpython-to-thread": to_thread_round_trips,
    "net/cpython-echo-round-trips": net_echo_round_trips,
    "net/cpython-bulk": net_bulk,
    "net/cpython-1000-connections": net_many_connections,
}


if __name__ == "__main__":
    # python3 workloads.py '{"name": [n, warmup_rounds, rounds], ...}' prints {"name": [result of each round, ...]}:
    # nanoseconds per round, or for the latency case all the latencies of all rounds.
    plan = json.loads(sys.argv[1])
    results = {}
    for name, (n, warmup, rounds) in plan.items():
        for _ in range(warmup):
            PURE_PYTHON[name](n)
        measured = [PURE_PYTHON[name](n) for _ in range(rounds)]
        results[name] = [x for r in measured for x in r] if name.endswith("latency") else measured
    print(json.dumps(results))
    sys.stdout.flush()
    # the loop thread of run_coroutine_threadsafe_round_trips is a daemon: leave without waiting for it
