package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.asyncgraalpy.examples.AwaitUnderTheHood;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairedExampleTest {

    @Test
    void snakeCaseScriptNamesBecomePascalCaseTwins() {
        assertEquals("AwaitUnderTheHood", PairedExample.twinSimpleName("await_under_the_hood"));
        assertEquals("X", PairedExample.twinSimpleName("x"));
        assertEquals("io.github.asyncgraalpy.examples.NativeAwaitable",
                new PairedExample("native_awaitable", Path.of("native_awaitable.py")).twinClassName());
    }

    @Test
    void discoveryFindsPythonFilesOnlyInNameOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b_second.py"), "");
        Files.writeString(dir.resolve("a_first.py"), "");
        Files.writeString(dir.resolve("notes.txt"), "");
        assertEquals(List.of("a_first", "b_second"), PairedExample.discover(dir).stream().map(PairedExample::name).toList());
    }

    @Test
    void aMissingScriptsFolderIsAClearError(@TempDir Path dir) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PairedExample.discover(dir.resolve("nope")));
        assertEquals("no scripts folder at " + dir.resolve("nope").toAbsolutePath(), error.getMessage());
    }

    @Test
    void theTwinIsFoundByName() {
        assertEquals(AwaitUnderTheHood.class, new PairedExample("await_under_the_hood", Path.of("x.py")).newTwin().getClass());
    }

    @Test
    void aScriptWithoutTwinIsAClearError() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> new PairedExample("no_such_example", Path.of("no_such_example.py")).newTwin());
        assertEquals("no_such_example.py has no Java twin: expected the class io.github.asyncgraalpy.examples.NoSuchExample", error.getMessage());
    }

    @Test
    void aTwinMustImplementJavaTwin() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> new PairedExample("my_coroutine", Path.of("my_coroutine.py")).newTwin());
        assertEquals("io.github.asyncgraalpy.examples.MyCoroutine does not implement io.github.asyncgraalpy.examples.JavaTwin", error.getMessage());
    }
}
