package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/failing_coroutine.py}: the same scenario with the Java coroutine {@link Failing}. */
public final class FailingCoroutine implements JavaTwin {

    static final String MAIN = """
            import asyncio, java
            failing = java.type('io.github.asyncgraalpy.examples.Failing')

            async def main():
                try:
                    await failing(2, "ValueError", "bad input")
                except ValueError as error:
                    print(f"await failing(2, 'ValueError', 'bad input') -> ValueError: {error}")

                results = await asyncio.gather(failing(1, "TimeoutError", "too slow"), asyncio.sleep(0, "fine"), return_exceptions=True)
                print(f"gather(..., return_exceptions=True) -> {[type(r).__name__ if isinstance(r, BaseException) else r for r in results]}")

                try:
                    async with asyncio.TaskGroup() as group:
                        group.create_task(failing(1, "KeyError", "missing"))
                        sibling = group.create_task(asyncio.sleep(10))
                except ExceptionGroup as group_error:  # not except*: GraalPy 25.0 has no try-star yet
                    print(f"TaskGroup -> {type(group_error).__name__} of {[type(e).__name__ for e in group_error.exceptions]},"
                          f" sibling cancelled: {sibling.cancelled()}")
                return "survived"

            assert asyncio.run(main()) == "survived"
            """;

    @Override
    public void run(PythonContext python) {
        python.runScript(MAIN, "failing_coroutine (Java twin)");
    }
}
