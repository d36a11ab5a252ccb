package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The three reports hold what the table holds, in a form a machine reads: every cell's outcome and time, which
 * cells differ and how. Each is parsed here as its consumer would parse it (JSON by Python's json, XML and the
 * HTML page by the JDK's XML parser), not matched as text.
 */
@Timeout(120)
class ReportsTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static final Reports.Run RUN = new Reports.Run("3.12.8 (GraalPy 25.0.3) <interpreted & sandboxed>", "Python 3.11.7 (python3)");

    /** "agreed": all three agree; "parted": the twin prints another line; "skipped": CPython missing, the twin raised. */
    private static List<Comparison> comparisons() {
        return List.of(
                comparison("agreed", Outcome.ok("a\n").timed(Duration.ofMillis(100)), Outcome.ok("a\n").timed(Duration.ofMillis(300)),
                        Outcome.ok("a\n").timed(Duration.ofMillis(200))),
                comparison("parted", Outcome.ok("a\nb\n").timed(Duration.ofMillis(120)), Outcome.ok("a\nb\n").timed(Duration.ofMillis(410)),
                        Outcome.ok("a\nc & <d>\n").timed(Duration.ofMillis(600))),
                comparison("skipped", Outcome.unavailable("not installed"), Outcome.ok("a\n").timed(Duration.ofMillis(50)),
                        Outcome.failed("", "ValueError", "Traceback ...\nValueError: no").timed(Duration.ofMillis(70))));
    }

    private static Comparison comparison(String name, Outcome cpython, Outcome python, Outcome twin) {
        return new Comparison(new PairedExample(name, Path.of(name + ".py")),
                Map.of(Column.CPYTHON, cpython, Column.GRAALPY_PYTHON, python, Column.GRAALPY_JAVA_TWIN, twin));
    }

    @Test
    void theJsonReportHoldsEveryCellWithItsTimeAndWhetherItDiffers() {
        String json = Reports.json(RUN, comparisons());
        Value report = python.run(String.join("\n",
                "import json",
                "def read(text):",
                "    report = json.loads(text)",
                "    cell = lambda pair, column: report['pairs'][pair]['cells'][column]",
                "    return repr([report['allAgree'], report['graalpy'], [p['name'] for p in report['pairs']], [p['agree'] for p in report['pairs']],",
                "                 cell(1, 'GraalPy (Java twin)')['differs'], cell(1, 'GraalPy (Java twin)')['stdout'],",
                "                 cell(1, 'GraalPy (Python)')['differs'], cell(1, 'GraalPy (Python)')['seconds'],",
                "                 cell(2, 'CPython')['status'], cell(2, 'GraalPy (Java twin)')['failure'], report['pairs'][1]['differences']])"),
                "read");
        assertEquals("[False, '3.12.8 (GraalPy 25.0.3) <interpreted & sandboxed>', ['agreed', 'parted', 'skipped'], [True, False, False],"
                + " True, 'a\\nc & <d>\\n', False, 0.41, 'UNAVAILABLE', 'ValueError',"
                + " [\"line 2: CPython has 'b', GraalPy (Java twin) has 'c & <d>'\"]]", report.execute(json).asString());
    }

    /**
     * With repeats ({@link ComparisonTest#repeated}): every sample of every cell, its median and range, the ratio to
     * CPython with the test's figures, and what was run; read by Python's json.
     */
    @Test
    void theJsonReportOfRepeatedRunsHoldsEverySampleAndTheTest() {
        Reports.Run run = new Reports.Run("GraalPy", "Python 3.11.7 (python3)", Map.of("pypy3", "not installed"), "interpreted", 3);
        String json = Reports.json(run, List.of(ComparisonTest.repeated("demo")));
        Value report = python.run(String.join("\n",
                "import json",
                "def read(text):",
                "    report = json.loads(text)",
                "    script = report['pairs'][0]['cells']['GraalPy (Python)']",
                "    twin = report['pairs'][0]['cells']['GraalPy (Java twin)']",
                "    r = report['run']",
                "    return repr([script['samples'], script['median'], script['min'], script['max'], script['seconds'],",
                "                 script['versusCPython']['ratio'], script['versusCPython']['significant'], script['versusCPython']['verdict'],",
                "                 round(script['versusCPython']['p'], 5), twin['versusCPython']['significant'], twin['versusCPython']['verdict'],",
                "                 r['repeat'], r['mode'], r['furtherPythons'], r['cores'] > 0, sorted(r)])"),
                "read");
        // p 0.00016275617889014595 by scipy.stats.ttest_ind(equal_var=False)
        assertEquals("[[0.3, 0.32, 0.31], 0.31, 0.3, 0.32, 0.31, 2.98077, True, '2.98x', 0.00016, False, '1.06x not significant',"
                + " 3, 'interpreted', {'pypy3': 'not installed'}, True,"
                + " ['cores', 'cpython', 'date', 'furtherPythons', 'graalpy', 'javaVersion', 'javaVm', 'mode', 'repeat', 'statistics']]",
                report.execute(json).asString());
    }

    @Test
    void theHtmlPageSaysWhatWasRunAndHasATableAgainstTheSavedRun(@TempDir Path dir) throws Exception {
        Reports.Run run = new Reports.Run("GraalPy", "Python 3.11.7 (python3)", Map.of("pypy3", "not installed"), "interpreted", 3);
        SavedRun saved = SavedRun.read(Files.writeString(dir.resolve("old.json"), Reports.json(run, List.of(ComparisonTest.repeated("demo")))));
        Comparison changed = Comparison.ofRuns(new PairedExample("demo", Path.of("demo.py")), Map.of(Column.CPYTHON, ComparisonTest.runs(100, 104, 108),
                Column.GRAALPY_PYTHON, ComparisonTest.runs(600, 640, 620), Column.GRAALPY_JAVA_TWIN,
                List.of(Outcome.ok("b\n").timed(Duration.ofMillis(110)), Outcome.ok("b\n").timed(Duration.ofMillis(100)))));
        Document page = parse(Reports.html(run, List.of(changed), java.util.Optional.of(saved)).replace("<!DOCTYPE html>", ""));
        String described = textOfId(page, "run");
        assertTrue(described.contains("pypy3: not installed") && described.contains(" cores, ") && described.contains("each cell the median of 3 runs"),
                described);
        List<String> cells = new ArrayList<>();
        for (Element cell : elements(page, "td")) {
            if (((Element) cell.getParentNode().getParentNode().getParentNode()).getAttribute("id").equals("versus-saved")) {
                cells.add(cell.getTextContent() + (cell.getAttribute("class").isEmpty() ? "" : " [" + cell.getAttribute("class") + "]"));
            }
        }
        assertEquals(List.of("demo", "not significant (1.00x) [not-significant]", "slower 2.00x [slower]",
                "not significant (0.95x), result changed [not-significant differs]"), cells);
        List<String> againstSaved = new ArrayList<>();
        for (Element output : elements(page, "div")) {
            if (output.getAttribute("class").matches("output( differs)?")) {
                String cell = ((Element) output.getElementsByTagName("p").item(0)).getTextContent();
                againstSaved.add(cell.substring(cell.indexOf("against the saved run")));
            }
        }
        assertEquals(List.of("against the saved run: not significant (1.00x)", "against the saved run: slower 2.00x",
                "against the saved run: not significant (0.95x), result changed"), againstSaved);
    }

    /**
     * Each cell of the page's table: its time, the range and count of its runs, and its ratio to CPython's classed by
     * what Welch's test says; with one run per cell, the ratio is there, untested.
     */
    @Test
    void theHtmlTableGivesEachCellItsRatioToCPythonAndWhetherItIsSignificant() throws Exception {
        Reports.Run run = new Reports.Run("GraalPy", "Python 3.11.7 (python3)", Map.of(), "interpreted", 3);
        Document repeated = parse(Reports.html(run, List.of(ComparisonTest.repeated("demo")), java.util.Optional.empty()).replace("<!DOCTYPE html>", ""));
        assertEquals(List.of("ok, 1 line, 0.10 s (0.10-0.11, 3 runs)", "ok, 1 line, 0.31 s (0.30-0.32, 3 runs)2.98x CPython's [ratio slower]",
                "ok, 1 line, 0.11 s (0.09-0.13, 3 runs)1.06x CPython's, not significant [ratio not-significant]"), tableCells(repeated));
        Document once = parse(Reports.html(RUN, comparisons()).replace("<!DOCTYPE html>", ""));
        assertEquals(List.of("ok, 1 line, 0.10 s", "ok, 1 line, 0.30 s3.00x CPython's [ratio untested]", "ok, 1 line, 0.20 s2.00x CPython's [ratio untested]"),
                tableCells(once).subList(0, 3));
        assertEquals(List.of("not installed", "ok, 1 line, 0.05 s", "raised ValueError, 0.07 s"), tableCells(once).subList(6, 9));
    }

    /** The text of each cell of the table of pairs, and the class of its ratio. */
    private static List<String> tableCells(Document page) {
        List<String> cells = new ArrayList<>();
        for (Element cell : elements(page, "td")) {
            if (cell.getAttribute("class").startsWith("cell")) {
                NodeList ratio = cell.getElementsByTagName("span");
                String ratioClass = "";
                for (int i = 0; i < ratio.getLength(); i++) {
                    String type = ((Element) ratio.item(i)).getAttribute("class");
                    ratioClass = type.startsWith("ratio") ? " [" + type + "]" : ratioClass;
                }
                cells.add(cell.getTextContent() + ratioClass);
            }
        }
        return cells;
    }

    /** The chart's axis: 0 to a round tick at or past the longest run, about five steps, in ms under a second. */
    @Test
    void theTimeAxisEndsOnARoundTickPastTheLongestRunWithItsUnit() {
        assertEquals(List.of("0 ms", "200 ms", "400 ms", "600 ms"), labels(TimeAxis.spanning(0.6)));
        assertEquals(List.of("0 s", "0.5 s", "1 s", "1.5 s", "2 s", "2.5 s"), labels(TimeAxis.spanning(2.32)));
        assertEquals(List.of("0 s", "5 s", "10 s", "15 s"), labels(TimeAxis.spanning(12.3)));
        assertEquals(List.of("0 ms", "10 ms", "20 ms", "30 ms", "40 ms"), labels(TimeAxis.spanning(0.031)));
        assertEquals(List.of("0 ms", "0.2 ms", "0.4 ms", "0.6 ms", "0.8 ms", "1 ms"), labels(TimeAxis.spanning(0)));
        assertEquals(2.5, TimeAxis.spanning(2.32).top(), 1e-9);
    }

    private static List<String> labels(TimeAxis axis) {
        return axis.ticks().stream().map(axis::label).toList();
    }

    /**
     * A script's output is text on the page, whatever it holds: markup that would end the page's element, open a
     * script or load an image with a handler shows as printed, and the page has no element the output made.
     */
    @Test
    void whatAScriptPrintsIsEscapedOnThePage() throws Exception {
        String hostile = "</pre></script><script>alert(1)</script><img src=x onerror=\"alert(2)\">&amp;\n";
        Comparison comparison = comparison("<b>named<b>", Outcome.ok(hostile).timed(Duration.ofMillis(100)),
                Outcome.ok(hostile).timed(Duration.ofMillis(100)),
                Outcome.failed(hostile, "ValueError", "Traceback ...\nValueError: <img src=y onerror=alert(3)>").timed(Duration.ofMillis(100)));
        Document page = parse(Reports.html(RUN, List.of(comparison)).replace("<!DOCTYPE html>", ""));
        for (String tag : List.of("img", "script", "b")) {
            assertEquals(0, page.getElementsByTagName(tag).getLength(), tag);
        }
        List<String> outputs = new ArrayList<>();
        for (Element output : elements(page, "div")) {
            if (output.getAttribute("class").matches("output( differs)?")) {
                outputs.add(output.getElementsByTagName("pre").item(0).getTextContent());
            }
        }
        assertEquals(List.of(hostile, hostile, hostile + "Traceback ...\nValueError: <img src=y onerror=alert(3)>"), outputs);
        assertTrue(textOfId(page, "pair-<b>named<b>").strip().startsWith("<b>named<b>: differs"), textOfId(page, "pair-<b>named<b>"));
    }

    /**
     * Each pair's section holds the script and its twin's source: a project pair's twin from {@code src/main/java}, a
     * pair of your own's from beside the script; a source that is not there is said to be missing.
     */
    @Test
    void eachPairShowsItsScriptAndTheSourceOfItsJavaTwin(@TempDir Path dir) throws Exception {
        Path own = Files.createDirectories(dir.resolve("pairs"));
        Files.writeString(own.resolve("greet_later.py"), "print('hello <you>')\n");
        Files.writeString(Files.createDirectories(own.resolve("twins")).resolve("GreetLater.java"), "package mine;\nclass GreetLater {}\n");
        Files.writeString(own.resolve("Other.java"), "package elsewhere;\nclass GreetLater {}\n");
        TwinClasses mine = new TwinClasses("mine", getClass().getClassLoader(), "test");
        List<Comparison> pairs = List.of(
                pair(new PairedExample("fan_out_futures", Path.of("py-scripts", "fan_out_futures.py"))),
                pair(new PairedExample("greet_later", own.resolve("greet_later.py"), mine)),
                pair(new PairedExample("gone", own.resolve("gone.py"), mine)));
        Document page = parse(Reports.html(RUN, pairs).replace("<!DOCTYPE html>", ""));
        List<String> sources = new ArrayList<>();
        for (Element source : elements(page, "*")) {
            if (source.getAttribute("class").startsWith("source")) {
                String text = source.getTextContent();
                sources.add(source.getAttribute("class") + " | " + text.substring(0, Math.min(text.length(), text.indexOf('\n') < 0 ? text.length() : text.indexOf('\n'))));
            }
        }
        assertEquals(List.of(
                "source python-source | Python: " + Path.of("py-scripts", "fan_out_futures.py")
                        + Files.readString(Path.of("py-scripts", "fan_out_futures.py")).lines().findFirst().orElseThrow(),
                "source java-source | Java twin: " + Path.of("src/main/java/io/github/asyncgraalpy/examples/FanOutFutures.java") + "package io.github.asyncgraalpy.examples;",
                "source python-source | Python: " + PairSources.shown(own.resolve("greet_later.py")) + "print('hello <you>')",
                "source java-source | Java twin: " + PairSources.shown(own.resolve("twins/GreetLater.java")) + "package mine;",
                "source python-source empty | Python: not found at " + PairSources.shown(own.resolve("gone.py")),
                "source java-source empty | Java twin: no source file found for mine.Gone"), sources);
    }

    private static Comparison pair(PairedExample example) {
        return new Comparison(example, Map.of(Column.CPYTHON, Outcome.ok("a\n"), Column.GRAALPY_PYTHON, Outcome.ok("a\n"),
                Column.GRAALPY_JAVA_TWIN, Outcome.ok("a\n")));
    }

    @Test
    void theJUnitReportHasATestCasePerPairAndColumnFailingWhereItDiffers() throws Exception {
        Document junit = parse(Reports.junitXml(comparisons()));
        Element suite = (Element) junit.getElementsByTagName("testsuite").item(0);
        assertEquals(List.of("9", "2", "1"), List.of(suite.getAttribute("tests"), suite.getAttribute("failures"), suite.getAttribute("skipped")));
        List<String> failing = new ArrayList<>();
        NodeList cases = junit.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            if (testCase.getElementsByTagName("failure").getLength() > 0) {
                Element failure = (Element) testCase.getElementsByTagName("failure").item(0);
                failing.add(testCase.getAttribute("classname") + " / " + testCase.getAttribute("name") + ": " + failure.getAttribute("message"));
            }
        }
        assertEquals(List.of("pairs.parted / GraalPy (Java twin): its output differs from the other columns'",
                "pairs.skipped / GraalPy (Java twin): raised ValueError"), failing);
        assertEquals("0.410", ((Element) cases.item(4)).getAttribute("time"));
    }

    @Test
    void theHtmlPageHasARowPerPairMarksTheDisagreementsAndDrawsABarPerRun() throws Exception {
        Document page = parse(Reports.html(RUN, comparisons()).replace("<!DOCTYPE html>", ""));
        List<String> rows = new ArrayList<>();
        NodeList tableRows = page.getElementsByTagName("tr");
        for (int i = 0; i < tableRows.getLength(); i++) {
            Element row = (Element) tableRows.item(i);
            if (row.getAttribute("class").startsWith("pair")) {
                rows.add(row.getAttribute("data-pair") + ":" + row.getAttribute("class"));
            }
        }
        assertEquals(List.of("agreed:pair", "parted:pair differs", "skipped:pair differs"), rows);
        List<String> bars = new ArrayList<>();
        for (Element rect : elements(page, "rect")) {
            if (rect.getAttribute("class").endsWith("timing")) {
                bars.add(rect.getAttribute("width"));
            }
        }
        // Scaled to the axis, which ends at the longest run, 0.6 s, drawn 480 wide; a run that did not happen keeps a 1-pixel mark.
        assertEquals(List.of("80", "240", "160", "96", "328", "480", "1", "40", "56"), bars);
        List<String> ticks = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Element text : elements(page, "text")) {
            if (text.getAttribute("class").equals("tick")) {
                ticks.add(text.getAttribute("x") + ":" + text.getTextContent());
            } else if (text.getAttribute("class").equals("value")) {
                values.add(text.getTextContent());
            }
        }
        // above the bars and below them
        assertEquals(List.of("220:0 ms", "220:0 ms", "380:200 ms", "380:200 ms", "540:400 ms", "540:400 ms", "700:600 ms", "700:600 ms"), ticks);
        assertEquals(List.of("0.10 s", "0.30 s, 3.00x", "0.20 s, 2.00x", "0.12 s", "0.41 s, 3.42x", "0.60 s, 5.00x", "not installed", "0.05 s",
                "0.07 s"), values);
        assertEquals("2 of 3 pairs differ.", textOfId(page, "verdict"));
    }

    @Test
    void writeCreatesTheFolderAndTheThreeFiles(@TempDir Path dir) throws Exception {
        List<Path> written = Reports.write(dir.resolve("runner"), RUN, comparisons());
        assertEquals(List.of("report.json", "report.xml", "report.html"), written.stream().map(path -> path.getFileName().toString()).toList());
        for (Path file : written) {
            assertTrue(Files.size(file) > 0, file::toString);
        }
    }

    private static List<Element> elements(Document page, String tag) {
        List<Element> elements = new ArrayList<>();
        NodeList all = page.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            elements.add((Element) all.item(i));
        }
        return elements;
    }

    private static String textOfId(Document page, String id) {
        NodeList all = page.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            if (id.equals(element.getAttribute("id"))) {
                return element.getTextContent();
            }
        }
        return "<no element with id " + id + ">";
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
