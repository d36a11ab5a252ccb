package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A folder's requirements.txt, or -Drequirements' file: what the runner takes, and the one line it says for what it does not. */
class PairRequirementsTest {

    private static final String HASH = "--hash=sha256:63cf8bbe7522de3bf65932fda1d9c2772064ffb3dae62d55932da54b31cb6c86";

    @Test
    void theProjectsPairsNeedH11PinnedWithItsHash() {
        PairRequirements requirements = PairRequirements.beside(Path.of(System.getProperty("asyncgraalpy.scripts", "py-scripts"))).orElseThrow();
        assertEquals(List.of("h11==0.16.0"), requirements.pins());
    }

    @Test
    void aFolderWithoutRequirementsHasNone(@TempDir Path dir) {
        assertEquals(Optional.empty(), PairRequirements.beside(dir));
    }

    @Test
    void commentsBlankLinesContinuationsExtrasAndMarkersAreTaken(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("requirements.txt"), String.join("\n",
                "# the pairs' packages",
                "",
                "h11==0.16.0 " + HASH + "  # an HTTP/1.1 state machine",
                "Some.Package[extra]==1.2.3 ; python_version >= \"3.11\" \\",
                "    " + HASH + " \\",
                "    --hash=sha256:00ff",
                ""));
        assertEquals(List.of("h11==0.16.0", "Some.Package==1.2.3"), PairRequirements.read(file).pins());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "h11>=0.16 " + HASH + "| is not pinned: every requirement names one version (name==version)",
        "h11" + "| is not pinned: every requirement names one version (name==version)",
        "h11==0.16.0" + "| has no --hash: every requirement carries the hash of its wheel",
        "h11==0.16.0 --hash=md5:abc" + "| has a hash pip cannot check: '--hash=md5:abc'",
        "--index-url https://example.com/simple" + "| is a pip option; the file holds only pinned requirements",
        "-r other.txt" + "| is a pip option; the file holds only pinned requirements",
    })
    void aLineThatIsNotAPinnedRequirementWithItsHashIsRefusedByNumber(String line, String why, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("requirements.txt"), "# fine\nh11==0.16.0 " + HASH + "\n" + line + "\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> PairRequirements.read(file));
        String expected = file.toAbsolutePath() + ", line 3: '" + line + "' " + why; // CsvSource drops the space before why
        assertEquals(expected, refused.getMessage().substring(0, Math.min(expected.length(), refused.getMessage().length())));
        assertEquals(1, refused.getMessage().lines().count(), "one line");
    }

    @Test
    void aMissingFileIsSaidToBeMissing(@TempDir Path dir) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> PairRequirements.read(dir.resolve("nope.txt")));
        assertEquals("cannot read the requirements " + dir.resolve("nope.txt").toAbsolutePath() + ": there is no such file", refused.getMessage());
    }
}
