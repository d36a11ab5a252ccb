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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sandbox's {@code pyexpat} (the JDK's XML parser under the standard library's {@code xml.etree.ElementTree},
 * {@code xml.sax}, {@code xml.dom.minidom} and {@code plistlib}) judged against CPython: each case of {@code
 * pyexpat_cases.py} (written after CPython's test_xml_etree, test_sax, test_pyexpat and test_plistlib) prints the same
 * on CPython (python3 on the PATH, all cases in one process) and in one sandboxed context. The differences the stand-in
 * documents (events of a large document fed in parts come in larger steps, text in other pieces) are left out of what
 * the cases print.
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

    /**
     * Python gets strings from the Java half, never a Java object: none in the module, its submodules, a parser, the
     * events or an error. (The function that calls the Java half holds its method in a closure, as the idna codec's
     * nameprep does: the seam's way to hand a host function to the bootstrap.)
     */
    @Test
    void noJavaObjectReachesTheModuleOrWhatItGives() {
        assertEquals(List.of(), python.run(String.join("\n",
                "import pyexpat",
                "def foreign(value):",
                "    return any(kind.__name__.startswith('Foreign') for kind in type(value).__mro__)",
                "seen = []",
                "parser = pyexpat.ParserCreate(namespace_separator=' ')",
                "parser.StartElementHandler = lambda name, attributes: seen.extend([name, *attributes.items()])",
                "parser.CharacterDataHandler = seen.append",
                "try:",
                "    parser.Parse('<a b=\"c\">text</a><junk/>', True)",
                "except pyexpat.ExpatError as error:",
                "    seen.extend(vars(error).values())",
                "places = {'pyexpat': vars(pyexpat), 'errors': vars(pyexpat.errors), 'model': vars(pyexpat.model), 'parser': vars(parser)}",
                "found = [f'{place}.{name}' for place, names in places.items() for name, value in names.items() if foreign(value)]",
                "found += [repr(value) for value in seen if foreign(value) or foreign(type(value))]"), "found").as(List.class));
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
