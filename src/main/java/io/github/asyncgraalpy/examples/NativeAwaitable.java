package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/**
 * Twin of {@code py-scripts/native_awaitable.py}: the same {@code main()} and the same refusals, with the Java
 * {@link MyCoroutine} as the native awaitable.
 */
public final class NativeAwaitable implements JavaTwin {

    static final String MAIN = """
            import asyncio, java
            MyCoroutine = java.type('io.github.asyncgraalpy.examples.MyCoroutine')

            def my_coroutine():
                return MyCoroutine()

            async def main():
                result = await my_coroutine()
                print(f'await my_coroutine() -> {result!r}')
                future = asyncio.ensure_future(my_coroutine())
                print(f'asyncio.ensure_future(my_coroutine()) -> {type(future).__name__} with result {await future!r}')
                try:
                    asyncio.create_task(my_coroutine())
                except TypeError as error:
                    print('asyncio.create_task(my_coroutine()) -> TypeError')
                    return result, str(error)
                raise AssertionError('create_task accepted an awaitable that is not a coroutine')

            result, create_task_error = asyncio.run(main())
            try:
                asyncio.run(my_coroutine())
            except ValueError as error:
                print('asyncio.run(my_coroutine()) -> ValueError')
                run_error = str(error)
            else:
                raise AssertionError('asyncio.run accepted an awaitable that is not a coroutine')

            assert result == 'Ended', result
            assert asyncio.iscoroutine(my_coroutine()) is False
            assert create_task_error.startswith('a coroutine was expected, got '), create_task_error
            assert run_error.startswith('a coroutine was expected, got '), run_error
            """;

    @Override
    public void run(PythonContext python) {
        python.runScript(MAIN, "native_awaitable (Java twin)");
    }
}
