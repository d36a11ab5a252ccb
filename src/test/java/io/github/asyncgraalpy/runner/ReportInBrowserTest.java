package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a person sees it, in a real headless browser (Chromium, where installed; skipped otherwise):
 * the page the browser built has every pair as a row with the disagreement marked, each cell's ratio to CPython's,
 * the chart's time axis, every column's output, a pair's script and its Java twin's source, and the table against a
 * saved run; a script's output that holds markup stays text; and its screenshot shows the marked row, the chart's
 * bars in their colours, its grid and the open section of the pair that differs.
 */
@Timeout(180)
class ReportInBrowserTest {

    /** What a script prints that would be markup if the page did not escape it. */
    private static final String HOSTILE = "</pre></script><script>document.title='owned'</script><img src=x onerror=\"document.title='owned'\">\n";

    /**
     * A project pair that agrees, three runs a cell (the script clearly slower than CPython, the twin not
     * significantly), with its real sources; and one whose twin prints markup, so that it differs.
     */
    private static List<Comparison> comparisons(long cpythonMillis) {
        return List.of(
                Comparison.ofRuns(new PairedExample("fan_out_futures", Path.of("py-scripts", "fan_out_futures.py")),
                        Map.of(Column.CPYTHON, ComparisonTest.runs(cpythonMillis, cpythonMillis + 4, cpythonMillis + 8),
                                Column.GRAALPY_PYTHON, ComparisonTest.runs(300, 320, 310), Column.GRAALPY_JAVA_TWIN, ComparisonTest.runs(90, 130, 110))),
                Comparison.ofRuns(new PairedExample("parted", Path.of("parted.py")),
                        Map.of(Column.CPYTHON, ComparisonTest.runs(cpythonMillis, cpythonMillis + 4, cpythonMillis + 8),
                                Column.GRAALPY_PYTHON, ComparisonTest.runs(400, 410, 420),
                                Column.GRAALPY_JAVA_TWIN, List.of(Outcome.ok(HOSTILE).timed(Duration.ofMillis(600)),
                                        Outcome.ok(HOSTILE).timed(Duration.ofMillis(560)), Outcome.ok(HOSTILE).timed(Duration.ofMillis(580))))));
    }

    @Test
    void theBrowserShowsThePairsTheRatiosTheAxisTheSourcesAndTheSavedRun(@TempDir Path dir) throws Exception {
        Optional<String> chromium = Stream.of("chromium", "chromium-browser", "google-chrome").filter(ReportInBrowserTest::onPath).findFirst();
        assumeTrue(chromium.isPresent(), "no Chromium on the PATH (Debian: apt-get install chromium)");
        Reports.Run run = new Reports.Run("GraalPy", "CPython", Map.of(), "interpreted", 3);
        SavedRun saved = SavedRun.read(Files.writeString(dir.resolve("saved.json"), Reports.json(run, comparisons(50))));
        Path html = Reports.write(dir.resolve("reports"), run, comparisons(100), Optional.of(saved)).get(2);

        String dom = browser(chromium.get(), dir, "--dump-dom", html.toUri().toString());
        assertEquals(List.of("fan_out_futures:pair", "parted:pair differs"), matches(dom, "<tr class=\"(pair[^\"]*)\" data-pair=\"([^\"]+)\"", 2, 1), dom);
        assertTrue(dom.contains("1 of 2 pairs differ."), dom);
        assertEquals(List.of("0 ms", "200 ms", "400 ms", "600 ms"),
                matches(dom, "<text class=\"tick\"[^>]*>([^<]+)</text>", 1).stream().distinct().toList());
        assertEquals(List.of("slower:2.98x CPython's", "not-significant:1.06x CPython's, not significant", "slower:3.94x CPython's", "slower:5.58x CPython's"),
                matches(dom, "<span class=\"ratio ([^\"]+)\"[^>]*>([^<]+)</span>", 1, 2));
        assertEquals(6, matches(dom, "<div class=\"(output( differs)?)\"", 1).size(), "an output per pair and column");
        assertTrue(dom.contains("FanOutFutures.java</summary>") && dom.contains("public final class FanOutFutures implements JavaTwin"), "no Java twin's source");
        assertTrue(dom.contains("fan_out_futures.py</summary>") && dom.contains("async def"), "no Python source");
        assertEquals(List.of("slower:slower 1.93x", "not-significant:not significant (1.00x)", "not-significant:not significant (1.00x)"),
                matches(dom.substring(dom.indexOf("id=\"versus-saved\"")), "<td class=\"([^\"]+)\">([^<]+)</td>", 1, 2).subList(0, 3));
        // the browser made no element of what the script printed, and shows it as text
        assertEquals(List.of(), matches(dom, "<(img|script)\\b", 1));
        assertTrue(dom.contains("&lt;img src=x onerror=\"document.title='owned'\"&gt;"), dom);
        assertTrue(dom.contains("<title>async-graalpy: pairs across runtimes</title>"), "the page's title changed");

        Path screenshot = dir.resolve("page.png");
        browser(chromium.get(), dir, "--screenshot=" + screenshot, "--window-size=1000,2200", html.toUri().toString());
        BufferedImage page = ImageIO.read(screenshot.toFile());
        assertTrue(pixels(page, 0xfde2e2) > 1_000, "the disagreeing row is not shaded");
        assertTrue(pixels(page, 0x6a8caf) > 100, "no CPython bar");
        assertTrue(pixels(page, 0xd9822b) > 100, "no GraalPy (Python) bar");
        assertTrue(pixels(page, 0x5aa469) > 100, "no GraalPy (Java twin) bar");
        assertTrue(pixels(page, 0xc8c8c8) > 4 * 60, "no grid line for each of the axis's 4 ticks");
        assertTrue(pixels(page, 0xfdf0f0) > 5_000, "the differing pair's section is not open with its differing output marked");
    }

    /** Each match of {@code regex}, its {@code groups} joined by a colon. */
    private static List<String> matches(String text, String regex, int... groups) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            List<String> parts = new ArrayList<>();
            for (int group : groups) {
                parts.add(matcher.group(group));
            }
            found.add(String.join(":", parts));
        }
        return found;
    }

    private static String browser(String chromium, Path dir, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "Chromium did not finish");
        assertEquals(0, process.exitValue(), "Chromium failed: " + command);
        return out;
    }

    private static long pixels(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
