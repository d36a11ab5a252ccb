package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.asyncgraalpy.testing.CPythonProcess;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sandbox's {@code pyexpat} (the JDK's XML parser under the standard library's {@code xml.etree.ElementTree},
 * {@code xml.sax}, {@code xml.dom.minidom} and {@code plistlib}) judged against CPython: each case of {@code
 * pyexpat_cases.py} (written after CPython's test_xml_etree, test_sax, test_pyexpat and test_plistlib) prints the same
 * on CPython (python3 on the PATH, all cases in one process) and in one sandboxed context. The differences the stand-in
 * documents (events at the final Parse, text in other pieces) are left out of what the cases print.
 */
@Timeout(120)
class PyexpatStandInTest {

    private static final String CASES = resource("pyexpat_cases.py");
    private static final Pattern CASE = Pattern.compile("^@case\\ndef (\\w+)\\(", Pattern.MULTILINE);

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static Map<String, String> onCPython;
    private static Value runCase;

    @BeforeAll
    static void runTheCasesOnCPythonOnceAndLoadThemInTheSandbox() {
        CPythonProcess cpython = CPythonProcess.python3();
        if (cpython.available()) {
            onCPython = sections(cpython.run(CASES + "\nrun(list(CASES))\n"));
        }
        runCase = python.run(CASES).getHashValue("run");
    }

    @AfterEach
    void contextStillUsable() {
        assertEquals(4, python.context().eval("2 + 2").asInt());
    }

    static List<String> cases() {
        Matcher names = CASE.matcher(CASES);
        return names.results().map(result -> result.group(1)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsWhatCPythonPrints(String name) {
        assumeTrue(onCPython != null, "no CPython 3.11+ on the PATH to compare with");
        runCase.execute(name);
        assertEquals(onCPython.get(name), sections(python.stdout()).get(name));
    }

    private static Map<String, String> sections(String output) {
        Map<String, String> sections = new LinkedHashMap<>();
        String name = null;
        StringBuilder section = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("=== ")) {
                if (name != null) {
                    sections.put(name, section.toString().stripTrailing());
                }
                name = line.substring(4);
                section.setLength(0);
            } else {
                section.append(line).append('\n');
            }
        }
        if (name != null) {
            sections.put(name, section.toString().stripTrailing());
        }
        return sections;
    }

    static String resource(String name) {
        try (InputStream in = PyexpatStandInTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
