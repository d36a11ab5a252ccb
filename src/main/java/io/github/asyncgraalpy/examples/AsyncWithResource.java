package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/async_with_resource.py}: {@code async with} the Java {@link Resource}. */
public final class AsyncWithResource implements JavaTwin {

    static final String MAIN = """
            import asyncio, java
            Resource = java.type('io.github.asyncgraalpy.examples.Resource')

            async def main():
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

            assert asyncio.run(main()) == 2
            """;

    @Override
    public void run(PythonContext python) {
        python.runScript(MAIN, "async_with_resource (Java twin)");
    }
}
