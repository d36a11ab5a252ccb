package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/**
 * Twin of {@code py-scripts/coroutine_remake.py}: the same {@code main()}, awaiting the Java {@link MyCoroutineCopy}
 * where the script awaits its Python class.
 */
public final class CoroutineRemake implements JavaTwin {

    static final String MAIN = """
            import asyncio, java
            MyCoroutineCopy = java.type('io.github.asyncgraalpy.examples.MyCoroutineCopy')

            async def my_coroutine(arg1):
                return arg1

            async def main():
                result = await my_coroutine('foo')
                print(f'my_coroutine returned with: {repr(result)}')
                result_copy = await MyCoroutineCopy('foo')
                print(f'MyCoroutineCopy returned with: {repr(result_copy)}')
                return result, result_copy

            results = asyncio.run(main())
            assert results == ('foo', 'foo'), results
            """;

    @Override
    public void run(PythonContext python) {
        python.runScript(MAIN, "coroutine_remake (Java twin)");
    }
}
