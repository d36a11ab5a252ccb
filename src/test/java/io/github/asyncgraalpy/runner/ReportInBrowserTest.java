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
 * the page the browser built has every pair as a row with the disagreement marked, and its screenshot shows the
 * marked row and the chart's bars in their colours.
 */
@Timeout(180)
class ReportInBrowserTest {

    private static List<Comparison> comparisons() {
        return List.of(
                pair("agreed", Outcome.ok("a\n").timed(Duration.ofMillis(100)), Outcome.ok("a\n").timed(Duration.ofMillis(300)),
                        Outcome.ok("a\n").timed(Duration.ofMillis(200))),
                pair("parted", Outcome.ok("a\nb\n").timed(Duration.ofMillis(120)), Outcome.ok("a\nb\n").timed(Duration.ofMillis(410)),
                        Outcome.ok("a\nc\n").timed(Duration.ofMillis(600))));
    }

    private static Comparison pair(String name, Outcome cpython, Outcome python, Outcome twin) {
        return new Comparison(new PairedExample(name, Path.of(name + ".py")),
                Map.of(Column.CPYTHON, cpython, Column.GRAALPY_PYTHON, python, Column.GRAALPY_JAVA_TWIN, twin));
    }

    @Test
    void theBrowserShowsEveryPairTheDisagreementAndTheChart(@TempDir Path dir) throws Exception {
        Optional<String> chromium = Stream.of("chromium", "chromium-browser", "google-chrome").filter(ReportInBrowserTest::onPath).findFirst();
        assumeTrue(chromium.isPresent(), "no Chromium on the PATH (Debian: apt-get install chromium)");
        Path html = Reports.write(dir.resolve("reports"), new Reports.Run("GraalPy", "CPython"), comparisons()).get(2);

        String dom = browser(chromium.get(), dir, "--dump-dom", html.toUri().toString());
        List<String> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr class=\"(pair[^\"]*)\" data-pair=\"([^\"]+)\"").matcher(dom);
        while (row.find()) {
            rows.add(row.group(2) + ":" + row.group(1));
        }
        assertEquals(List.of("agreed:pair", "parted:pair differs"), rows, dom);
        assertTrue(dom.contains("1 of 2 pairs differ."), dom);

        Path screenshot = dir.resolve("page.png");
        browser(chromium.get(), dir, "--screenshot=" + screenshot, "--window-size=1000,1000", html.toUri().toString());
        BufferedImage page = ImageIO.read(screenshot.toFile());
        assertTrue(pixels(page, 0xfde2e2) > 1_000, "the disagreeing row is not shaded");
        assertTrue(pixels(page, 0x6a8caf) > 100, "no CPython bar");
        assertTrue(pixels(page, 0xd9822b) > 100, "no GraalPy (Python) bar");
        assertTrue(pixels(page, 0x5aa469) > 100, "no GraalPy (Java twin) bar");
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
