"""Beyond the tutorial: `async with` a resource that is closed exactly once, also when the block raises.

run(Resource) is the scenario. The Java twin, io.github.asyncgraalpy.examples.AsyncWithResource, runs it with the
Java Resource, which only implements AutoCloseable: the runtime gives every java.lang.AutoCloseable __aenter__ and
__aexit__ (and __enter__, __exit__).
"""
import asyncio


class Resource:
    def __init__(self, name):
        self._name = name
        self._close_calls = 0

    def name(self):
        return self._name

    def isClosed(self):
        return self._close_calls > 0

    def closeCalls(self):
        return self._close_calls

    def close(self):
        self._close_calls += 1

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.close()
        return False


async def main(Resource):
    async with Resource("database") as resource:
        await asyncio.sleep(0)
        print(f"inside: {resource.name()} closed={resource.isClosed()}")
    print(f"after: closed={resource.isClosed()}, close calls={resource.closeCalls()}")

    try:
        async with Resource("cache") as failing:
            raise ValueError("query failed")
    except ValueError as error:
        print(f"after an error: closed={failing.isClosed()}, close calls={failing.closeCalls()}, error passed on: {error}")
    return resource.closeCalls() + failing.closeCalls()


def run(Resource):
    assert asyncio.run(main(Resource)) == 2


if __name__ == "__main__":
    run(Resource)
