package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.asyncgraalpy.testing.CPythonProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPython's virtual environment for a requirements file: made once, reused while the file is the same, made again when
 * it changes, and never reused after a failed installation. The environments here hold no package (made without pip,
 * a tenth of a second each) but one, whose pip fails; the real installation (h11, for both columns) is
 * PairedExamplesTest's, shared with the main job.
 */
@Timeout(120)
class PairPackagesTest {

    private static CPython python3;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @BeforeAll
    static void findPython() {
        python3 = CPython.find(CPythonProcess.python3().executable());
    }

    private PairPackages packagesIn(Path home) {
        return new PairPackages(home, List.of("--index-url=" + System.getProperty(PairPackages.INDEX_PROPERTY, ""), "--retries=0"),
                Path.of("target", "jvm"), new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theEnvironmentIsMadeOnceReusedWhileTheFileIsTheSameAndMadeAgainWhenItChanges() throws Exception {
        assumeTrue(python3.available(), "python3 3.11+ is not installed");
        Path pairs = Files.createDirectories(dir.resolve("pairs"));
        Path file = Files.writeString(pairs.resolve("requirements.txt"), "# no packages yet\n");
        PairPackages packages = packagesIn(dir.resolve("home"));

        CPython made = packages.forCPython(PairRequirements.read(file), python3);
        Path venv = made.environment().orElseThrow();
        assertTrue(venv.startsWith(dir.resolve("home").toAbsolutePath()), venv.toString());
        assertEquals(made.version(), python3.version());
        assertTrue(console().contains("into a virtual environment for "), console());
        Path mark = Files.writeString(venv.resolve("made-by-this-test"), "the first one");

        console.reset();
        CPython reused = packages.forCPython(PairRequirements.read(file), python3);
        assertEquals(venv, reused.environment().orElseThrow());
        assertTrue(Files.exists(mark), "reused as it was");
        assertEquals("", console(), "nothing installed, nothing said");

        Files.writeString(file, "# no packages yet, but another file\n");
        CPython remade = packages.forCPython(PairRequirements.read(file), python3);
        assertEquals(venv, remade.environment().orElseThrow());
        assertFalse(Files.exists(mark), "made again for the changed file");
        assertTrue(console().contains("into a virtual environment for "), console());
    }

    @Test
    void theScriptsRunInTheEnvironment() throws Exception {
        assumeTrue(python3.available(), "python3 3.11+ is not installed");
        Path pairs = Files.createDirectories(dir.resolve("pairs"));
        Path file = Files.writeString(pairs.resolve("requirements.txt"), "# none\n");
        CPython inVenv = packagesIn(dir.resolve("home")).forCPython(PairRequirements.read(file), python3);
        Path script = Files.writeString(pairs.resolve("where.py"), "import sys\nprint(sys.prefix != sys.base_prefix, sys.prefix)\n");
        Outcome outcome = inVenv.run(script);
        assertEquals("True " + inVenv.environment().orElseThrow().toRealPath() + "\n", outcome.stdout(), outcome::detail);
    }

    @Test
    void twoFoldersRequirementsGetAFolderEachUnderTheHome() throws Exception {
        PairPackages packages = packagesIn(dir.resolve("home"));
        Path first = Files.writeString(Files.createDirectories(dir.resolve("a/pairs")).resolve("requirements.txt"), "\n");
        Path second = Files.writeString(Files.createDirectories(dir.resolve("b/pairs")).resolve("requirements.txt"), "\n");
        Path one = packages.folderOf(PairRequirements.read(first));
        Path other = packages.folderOf(PairRequirements.read(second));
        assertFalse(one.equals(other));
        assertTrue(one.getFileName().toString().startsWith("pairs-") && one.getParent().equals(dir.resolve("home").toAbsolutePath()), one.toString());
    }

    @Test
    void aRequirementPipCannotInstallIsOneLineAndTheBrokenEnvironmentIsNeverReused() throws Exception {
        assumeTrue(python3.available(), "python3 3.11+ is not installed");
        Path pairs = Files.createDirectories(dir.resolve("pairs"));
        Path file = Files.writeString(pairs.resolve("requirements.txt"),
                "h11==0.0.999 --hash=sha256:63cf8bbe7522de3bf65932fda1d9c2772064ffb3dae62d55932da54b31cb6c86\n");
        PairPackages packages = packagesIn(dir.resolve("home"));
        PairPackages.Unusable refused = assertThrows(PairPackages.Unusable.class, () -> packages.forCPython(PairRequirements.read(file), python3));
        assertTrue(refused.getMessage().startsWith(file.toAbsolutePath() + ": no virtual environment for "), refused.getMessage());
        assertTrue(refused.getMessage().contains(": its pip cannot install them: ERROR: "), refused.getMessage());
        assertTrue(refused.getMessage().contains("h11==0.0.999"), refused.getMessage());
        assertEquals(1, refused.getMessage().lines().count());
        try (var files = Files.list(packages.folderOf(PairRequirements.read(file)))) {
            assertEquals(List.of(), files.filter(path -> path.toString().endsWith(".stamp")).toList(), "no stamp: the next run makes it again");
        }
    }
}
