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
        NodeList tableCells = page.getElementsByTagName("td");
        for (int i = 0; i < tableCells.getLength(); i++) {
            Element cell = (Element) tableCells.item(i);
            if (((Element) cell.getParentNode().getParentNode().getParentNode()).getAttribute("id").equals("versus-saved")) {
                cells.add(cell.getTextContent() + (cell.getAttribute("class").isEmpty() ? "" : " [" + cell.getAttribute("class") + "]"));
            }
        }
        assertEquals(List.of("demo", "not significant (1.00x)", "slower 2.00x", "not significant (0.95x), result changed [differs]"), cells);
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
        NodeList rects = page.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (rect.getAttribute("class").endsWith("timing")) {
                bars.add(rect.getAttribute("width"));
            }
        }
        // Scaled to the longest run, 0.6 s, drawn 420 wide; a run that did not happen keeps a 1-pixel mark.
        assertEquals(List.of("70", "210", "140", "84", "287", "420", "1", "35", "49"), bars);
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
