package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Twins of a folder of your own: compiled from the Java files beside the scripts, found in the package they declare. */
@Timeout(120)
class TwinClassesTest {

    static final Path OWN_PAIRS = Path.of("src/test/resources/own-pairs");

    @Test
    void aFolderWithoutJavaFilesHasTheProjectsTwins(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.py"), "");
        assertSame(TwinClasses.PROJECT, TwinClasses.of(dir, Optional.empty(), dir.resolve("classes")));
        TwinClasses named = TwinClasses.of(dir, Optional.of("com.example"), dir.resolve("classes"));
        assertEquals("com.example", named.packageName());
        assertSame(TwinClasses.PROJECT.loader(), named.loader(), "a named package without sources is looked up on the class path");
    }

    @Test
    void javaFilesBesideTheScriptsAreCompiledAndTheirTwinIsFoundByName(@TempDir Path dir) throws Exception {
        Path scripts = copyOfOwnPairs(dir);
        TwinClasses twins = TwinClasses.of(scripts, Optional.empty(), dir.resolve("classes"));
        assertEquals("pairs", twins.packageName(), "the package the Java file declares");
        assertTrue(Files.isRegularFile(dir.resolve("classes/pairs/GreetLater.class")));
        PairedExample pair = PairedExample.discover(scripts, twins).get(0);
        assertEquals("pairs.GreetLater", pair.newTwin().getClass().getName());
        assertEquals(twins.loader(), pair.newTwin().getClass().getClassLoader());
    }

    @Test
    void aMissingTwinSaysWhereItWasLookedFor(@TempDir Path dir) throws Exception {
        Path scripts = copyOfOwnPairs(dir);
        Files.writeString(scripts.resolve("no_twin.py"), "print('x')\n");
        TwinClasses twins = TwinClasses.of(scripts, Optional.empty(), dir.resolve("classes"));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> new PairedExample("no_twin", scripts.resolve("no_twin.py"), twins).newTwin());
        assertEquals("no_twin.py has no Java twin: expected the class pairs.NoTwin (compiled from " + scripts.toAbsolutePath() + ")",
                error.getMessage());
    }

    @Test
    void javaThatDoesNotCompileIsAnErrorWithJavacsMessage(@TempDir Path dir) throws Exception {
        Path scripts = dir.resolve("scripts");
        TwinClasses.Unusable error = unusable(dir, "Broken.java", "package pairs;\npublic class Broken { int x = \"text\"; }\n");
        assertTrue(error.getMessage().startsWith("the Java twins in " + scripts + " do not compile:\n"), error.getMessage());
        assertTrue(error.getMessage().contains("Broken.java:2: error: incompatible types"), error.getMessage());
    }

    @Test
    void twinsOutsideAPackageAreRefused(@TempDir Path dir) throws Exception {
        Path scripts = dir.resolve("scripts");
        TwinClasses.Unusable error = unusable(dir, "Loose.java", "public class Loose {}\n");
        assertEquals(scripts.resolve("Loose.java") + " declares no package: put the twins in a named package"
                + " (Python looks Java classes up by their full name)", error.getMessage());
    }

    @Test
    void severalPackagesNeedTheTwinsPackageNamed(@TempDir Path dir) throws Exception {
        Path scripts = copyOfOwnPairs(dir);
        Files.createDirectories(scripts.resolve("helpers"));
        Files.writeString(scripts.resolve("helpers/Helper.java"), "package helpers;\npublic class Helper {}\n");
        TwinClasses.Unusable error = assertThrows(TwinClasses.Unusable.class,
                () -> TwinClasses.of(scripts, Optional.empty(), dir.resolve("classes")));
        assertEquals("the Java files in " + scripts + " declare the packages helpers, pairs: say which holds the twins with -Dtwins=PACKAGE",
                error.getMessage());
        TwinClasses twins = TwinClasses.of(scripts, Optional.of("pairs"), dir.resolve("classes"));
        assertEquals("pairs.GreetLater", new PairedExample("greet_later", scripts.resolve("greet_later.py"), twins).newTwin().getClass().getName());
    }

    /** What the twins of a folder holding just this Java file make the runner say. */
    private static TwinClasses.Unusable unusable(Path dir, String fileName, String source) throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(scripts.resolve(fileName), source);
        return assertThrows(TwinClasses.Unusable.class, () -> TwinClasses.of(scripts, Optional.empty(), dir.resolve("classes")));
    }

    static Path copyOfOwnPairs(Path dir) throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        try (var files = Files.list(OWN_PAIRS)) {
            for (Path file : files.toList()) {
                Files.copy(file, scripts.resolve(file.getFileName()));
            }
        }
        return scripts;
    }
}
