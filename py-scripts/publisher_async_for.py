"""Streams with backpressure: a producer read with `async for`, which lets go when the loop breaks.

run(Readings) is the scenario, with Readings(count) a source of the readings 0, 1, 2, … that says how many readings
were asked of it so far (requested()) and whether it has stopped (stopped()). As a script it is an async generator,
which produces each reading when `async for` asks; in the Java twin, io.github.asyncgraalpy.examples.PublisherAsyncFor,
it is a java.util.concurrent.Flow.Publisher sending from a Java thread, which `async for` asks for a window of
readings at a time.
"""
import asyncio
import contextlib

WINDOW = 16  # how far ahead of the loop asyncgraalpy's async for may ask a publisher to produce


class Readings:
    def __init__(self, count):
        self._count = count
        self._produced = 0
        self._stopped = False

    async def _generate(self):
        try:
            while self._produced < self._count:
                self._produced += 1
                yield self._produced - 1
                await asyncio.sleep(0)
        finally:
            self._stopped = True

    def __aiter__(self):
        return self._generate()

    def requested(self):
        return self._produced

    def stopped(self):
        return self._stopped


async def main(readings_of):
    source = readings_of(1_000_000)
    readings, most_ahead = [], 0
    # aclosing: leaving the block lets go of the source at once, break or exception (an async generator is closed,
    # a publisher's subscription cancelled).
    async with contextlib.aclosing(aiter(source)) as elements:
        async for reading in elements:
            readings.append(reading)
            most_ahead = max(most_ahead, source.requested() - len(readings))
            if len(readings) == 10:
                break
    print(f"readings: {', '.join(map(str, readings))} (sum {sum(readings)})")
    print(f"the producer stopped after the break: {source.stopped()}")
    print(f"never more than {WINDOW} readings ahead of the loop: {most_ahead <= WINDOW}")
    return readings


def run(readings_of):
    assert asyncio.run(main(readings_of)) == list(range(10))


if __name__ == "__main__":
    run(Readings)
