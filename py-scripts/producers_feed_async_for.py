"""Java futures as Python awaitables: producers feeding an `async for` consumer.

run(make_source) is the scenario, with make_source(count, producers) an async iterable of range(count) produced by
that many producers. As a script the producers are asyncio tasks; in the Java twin,
io.github.asyncgraalpy.examples.ProducersFeedAsyncFor, they are Java threads (JavaProducers).
"""
import asyncio


def make_source(count, producers):
    queue = asyncio.Queue()
    done = object()

    async def produce(first):
        for item in range(first, count, producers):
            await queue.put(item)
            await asyncio.sleep(0)
        await queue.put(done)

    async def items():
        tasks = [asyncio.create_task(produce(first)) for first in range(producers)]
        finished = 0
        while finished < producers:
            item = await queue.get()
            if item is done:
                finished += 1
            else:
                yield item
        await asyncio.gather(*tasks)

    return items()


async def main(make_source):
    received = [item async for item in make_source(100, 4)]
    print(f"received {len(received)} items from 4 producers; all distinct: {len(set(received)) == 100}; sum: {sum(received)}")
    return sorted(received)


def run(make_source):
    assert asyncio.run(main(make_source)) == list(range(100))


if __name__ == "__main__":
    run(make_source)
