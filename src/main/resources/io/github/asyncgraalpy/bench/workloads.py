"""The benchmark workloads, shared by GraalPy (from Java) and CPython (python3 workloads.py).

Each workload returns the nanoseconds one round of n operations took, measured with time.perf_counter_ns inside
the runtime, so both runtimes are timed the same way.
"""
import asyncio
import json
import sys
import time


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


def awaits(make, n):
    """n awaits of make(), inside one task."""
    async def body():
        start = time.perf_counter_ns()
        for _ in range(n):
            await make()
        return time.perf_counter_ns() - start
    return asyncio.run(body())


def python_steps(n):
    """n steps of a coroutine driven by Python: next() until StopIteration."""
    async def steps():
        for _ in range(n):
            await asyncio.sleep(0)
    iterator = steps().__await__()
    start = time.perf_counter_ns()
    for _ in iterator:
        pass
    return time.perf_counter_ns() - start


def stepping_coroutine(n):
    async def steps():
        for _ in range(n):
            await asyncio.sleep(0)
    return steps()


PURE_PYTHON = {
    "await/native-async-def": lambda n: awaits(native_immediate, n),
    "await/python-class": lambda n: awaits(PythonImmediate, n),
    "steps10/native-async-def": lambda n: awaits(native_ten_suspensions, n),
    "drive/python-drives": python_steps,
}


if __name__ == "__main__":
    # python3 workloads.py '{"name": [n, warmup_rounds, rounds], ...}' prints {"name": [ns per round, ...]}
    plan = json.loads(sys.argv[1])
    results = {}
    for name, (n, warmup, rounds) in plan.items():
        for _ in range(warmup):
            PURE_PYTHON[name](n)
        results[name] = [PURE_PYTHON[name](n) for _ in range(rounds)]
    print(json.dumps(results))
