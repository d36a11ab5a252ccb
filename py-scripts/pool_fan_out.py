"""Python on every core: a fan-out of CPU-bound work over many interpreters, each with a GIL of its own.

run(fan_out) is the scenario, with fan_out(parts) an awaitable of the number of primes in each part (lo, hi). As a
script, the script decides: on CPython the parts go to a pool of two processes; GraalPy's sandbox has no processes, so
there they go to asyncio.to_thread, on Java threads of one context (one GIL: the same answers, no faster). The Java
twin, io.github.asyncgraalpy.examples.PoolFanOut, hands them to an AsyncioLoopPool: two contexts, each with its own
loop and GIL, running this script's count_primes_async.
"""
import asyncio
import sys

PARTS = [(0, 10_000), (10_000, 20_000), (20_000, 30_000), (30_000, 40_000)]


def count_primes(lo, hi):
    count = 0
    for n in range(max(lo, 2), hi):
        if all(n % d for d in range(2, int(n ** 0.5) + 1)):
            count += 1
    return count


async def count_primes_async(lo, hi):
    """What a pooled context runs: the same count, as a coroutine its loop can run."""
    return count_primes(lo, hi)


async def fan_out_here(parts):
    loop = asyncio.get_running_loop()
    if sys.implementation.name == "graalpy":
        return await asyncio.gather(*(asyncio.to_thread(count_primes, lo, hi) for lo, hi in parts))
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(2) as processes:
        return await asyncio.gather(*(loop.run_in_executor(processes, count_primes, lo, hi) for lo, hi in parts))


async def main(fan_out):
    counts = list(await fan_out(PARTS))
    print(f"primes below {PARTS[-1][1]:,} in {len(PARTS)} parts: {counts}, {sum(counts):,} in all")
    return counts


def run(fan_out):
    assert asyncio.run(main(fan_out)) == [1229, 1033, 983, 958]


if __name__ == "__main__":
    run(fan_out_here)
