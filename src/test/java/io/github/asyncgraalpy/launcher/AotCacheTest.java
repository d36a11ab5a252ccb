package io.github.asyncgraalpy.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job's jar follows the classes: repacked when one is newer, added or gone, and only then. */
class AotCacheTest {

    @Test
    void theJarIsRepackedOnlyWhenTheClassesChanged(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/p"));
        Path a = Files.writeString(classes.resolve("A.class"), "a");
        Files.writeString(classes.resolve("B.class"), "b");
        Path jar = dir.resolve("classes.jar");

        assertTrue(AotCache.packIfChanged(dir.resolve("classes"), jar), "first pack");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertFalse(AotCache.packIfChanged(dir.resolve("classes"), jar), "nothing changed");

        Files.delete(a);
        assertTrue(AotCache.packIfChanged(dir.resolve("classes"), jar), "a class removed: the jar must not keep it");
        try (JarFile packed = new JarFile(jar.toFile())) {
            assertEquals(1, packed.size());
            assertTrue(packed.getEntry("p/B.class") != null);
        }
    }
}
