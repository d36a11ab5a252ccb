package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the sandbox's {@code pyexpat} (XmlEventReader under it): a document naming a host file or URL as an
 * external entity or DTD reads nothing (a listening loopback socket sees no connection, a host file's secret stays
 * out), entity expansion (billion laughs, quadratic blow-up) and element depth are bounded; each ends in an ordinary
 * Python exception, and the context parses the next document as before. The XXE outcomes are CPython's (ElementTree
 * reports the unread entity as undefined); the limits are the JDK's and the stand-in's.
 */
@Timeout(120)
class XmlAttacksTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    @TempDir
    static Path folder;
    private static Path secret;
    private static String secretText;
    private static ServerSocket listener;

    @BeforeAll
    static void aHostFileAndAListener() throws IOException {
        secretText = "secret-" + UUID.randomUUID();
        secret = Files.writeString(folder.resolve("secret.txt"), secretText);
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterAll
    static void closeListener() throws IOException {
        listener.close();
    }

    @AfterEach
    void contextStillUsableAndHostUntouched() throws IOException {
        assertEquals(List.of(), python.raised("import xml.etree.ElementTree as ET\nassert ET.fromstring('<ok>1</ok>').text == '1'", "Exception"));
        assertFalse(python.stdout().contains(secretText), "the host file's content reached Python");
        assertNull(connectionAttempt(), "the parser connected to the loopback listener");
    }

    /** A connection the parser made, if any: it would be queued by the time the parse returned. */
    private static Socket connectionAttempt() throws IOException {
        listener.setSoTimeout(50);
        try {
            return listener.accept();
        } catch (SocketTimeoutException none) {
            return null;
        }
    }

    private static String url() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/x";
    }

    /** {@code ET.fromstring(document)}: the root's tag and text, or the ParseError's code and message. */
    private static String elementTree(String document) {
        return python.run(String.join("\n",
                "import xml.etree.ElementTree as ET",
                "document = " + pythonString(document),
                "try:",
                "    root = ET.fromstring(document)",
                "    outcome = f'parsed {root.tag} {root.text!r}'",
                "    print(root.text)",
                "except ET.ParseError as error:",
                "    outcome = f'ParseError {error.code}: {error}'"), "outcome").asString();
    }

    private static String pythonString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }

    @Test
    void anExternalEntityNamingAHostFileIsNotRead() {
        String document = "<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]><foo>&xxe;</foo>";
        int column = document.indexOf("&xxe;");
        assertEquals("ParseError 11: undefined entity &xxe;: line 1, column " + column, elementTree(document));
    }

    @Test
    void anExternalEntityNamingAUrlIsNotFetched() {
        String document = "<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"" + url() + "\">]><foo>&xxe;</foo>";
        assertEquals("ParseError 11: undefined entity &xxe;: line 1, column " + document.indexOf("&xxe;"), elementTree(document));
    }

    @Test
    void anExternalParameterEntityIsNotFetched() {
        assertEquals("parsed foo None", elementTree("<!DOCTYPE foo [<!ENTITY % p SYSTEM \"" + url() + "\"> %p;]><foo/>"));
    }

    @Test
    void anExternalDtdIsNotLoaded() {
        assertEquals("parsed foo 'x'", elementTree("<!DOCTYPE foo SYSTEM \"" + url() + "\"><foo>x</foo>"));
        assertEquals("parsed foo 'x'", elementTree("<!DOCTYPE foo SYSTEM \"" + secret.toUri() + "\"><foo>x</foo>"));
    }

    @Test
    void saxAskedForExternalEntitiesMeetsTheSandboxsFileSystem() {
        List<String> caught = python.raised(String.join("\n",
                "import io, xml.sax, xml.sax.handler",
                "parser = xml.sax.make_parser()",
                "parser.setFeature(xml.sax.handler.feature_external_ges, True)",
                "parser.setContentHandler(xml.sax.handler.ContentHandler())",
                "parser.parse(io.BytesIO(" + pythonString("<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]><foo>&xxe;</foo>") + ".encode()))"),
                "Exception");
        assertEquals("URLError", caught.get(0), caught::toString);
        assertTrue(caught.get(1).contains("Permission denied"), caught::toString);
    }

    @Test
    void billionLaughsStopsAtTheJdksExpansionLimit() {
        StringBuilder document = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            document.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        document.append("]><lolz>&lol9;</lolz>");
        assertTrue(elementTree(document.toString()).startsWith(
                "ParseError 43: limit on input amplification factor (from DTD and entities) breached"));
    }

    @Test
    void aQuadraticBlowUpStopsAtTheTotalEntitySize() {
        String document = "<!DOCTYPE q [<!ENTITY a \"" + "x".repeat(100_000) + "\">]><q>" + "&a;".repeat(200) + "</q>";
        assertTrue(elementTree(document).startsWith(
                "ParseError 43: limit on input amplification factor (from DTD and entities) breached"));
    }

    /**
     * What ordinary documents do stays within the sandbox's limits, on every JDK (JDK 24 on lowered its defaults below
     * these): a thousand levels, ten thousand entity references, an entity of a quarter of a million characters used twice, 500 attributes.
     */
    @Test
    void ordinaryDocumentsStayWithinTheLimits() {
        assertEquals("parsed a None", elementTree("<a>".repeat(1_000) + "</a>".repeat(1_000)));
        assertEquals("parsed r 10000", elementTreeTextLength("<!DOCTYPE r [<!ENTITY e \"x\">]><r>" + "&e;".repeat(10_000) + "</r>"));
        assertEquals("parsed r 500000", elementTreeTextLength("<!DOCTYPE r [<!ENTITY e \"" + "x".repeat(250_000) + "\">]><r>&e;&e;</r>"));
        StringBuilder attributes = new StringBuilder("<r");
        for (int i = 0; i < 500; i++) {
            attributes.append(" a").append(i).append("='").append(i).append("'");
        }
        assertEquals("parsed r None", elementTree(attributes + "/>"));
    }

    private static String elementTreeTextLength(String document) {
        return python.run(String.join("\n",
                "import xml.etree.ElementTree as ET",
                "root = ET.fromstring(" + pythonString(document) + ")",
                "outcome = f'parsed {root.tag} {len(root.text)}'"), "outcome").asString();
    }

    @Test
    void deepNestingStopsAtTheDepthLimit() {
        int depth = 10_001;
        String outcome = elementTree("<a>".repeat(depth) + "</a>".repeat(depth));
        assertTrue(outcome.startsWith("ParseError 1: out of memory (elements nest deeper than the sandbox's limit of 10000)"), outcome);
    }

    /**
     * A document whose DTD is malformed ends in ParseError as any other malformed document. The Java half kept the
     * DTD's events apart until its end, and the error event with them: Python met neither an end nor an error and
     * raised {@code RuntimeError("pyexpat: unknown event '' from the Java half")}, which {@code except ParseError} lets by.
     */
    @Test
    void aMalformedDtdIsAParseError() {
        for (String document : List.of("<!DOCTYPE a [<!ENTITY x \"y\"", "<!DOCTYPE a [<!ENTITY x >]><a/>", "<!DOCTYPE a [<!FOO>]><a/>",
                "<!DOCTYPE a [<!ELEMENT a (b,>]><a/>")) {
            String outcome = elementTree(document);
            assertTrue(outcome.startsWith("ParseError "), document + ": " + outcome);
        }
        assertEquals(List.of("SAXParseException"), python.raised(
                "import xml.sax\nxml.sax.parseString(b'<!DOCTYPE a [<!FOO>]><a/>', xml.sax.handler.ContentHandler())", "Exception")
                .subList(0, 1));
    }

    /**
     * A value that is U+0001 (XML 1.1 allows it as {@code &#x1;}) stays that value: the events marked None with it,
     * so an internal entity of that value reached {@code EntityDeclHandler} as None, an external entity without a
     * system id. None is now U+FFFF, no XML character in either version.
     */
    @Test
    void noValueADocumentHoldsReadsAsNone() {
        String seen = python.run(String.join("\n",
                "import pyexpat",
                "declared = []",
                "parser = pyexpat.ParserCreate()",
                "parser.EntityDeclHandler = lambda *fields: declared.append(fields)",
                "parser.StartElementHandler = lambda name, attributes: declared.append(attributes)",
                "parser.Parse('<?xml version=\"1.1\"?><!DOCTYPE a [<!ENTITY e \"&#x1;\">]><a b=\"&#x1;\"/>', True)",
                "outcome = repr(declared)"), "outcome").asString();
        assertEquals("[('e', 0, '\\x01', None, None, None, None), {'b': '\\x01'}]", seen);
    }

    /**
     * Entity references nested 20,000 deep, each entity's value naming the next: the JDK's parser recurses for each
     * and no limit of its own bounds that, so the thread's stack overflowed and Python got the host's
     * {@code java.lang.StackOverflowError} (as {@code Java_java.lang.StackOverflowError_generated}), in text, in an
     * attribute or through parameter entities alike. Now an ordinary ParseError; the reader catches it for every route,
     * so one document holds it (each costs seconds: the parser checks every reference against those it is inside).
     */
    @Test
    void entitiesNestedDeeperThanTheStackAreAParseError() {
        String outcome = python.run(String.join("\n",
                "import xml.etree.ElementTree as ET",
                "depth = 20_000",
                "chain = ''.join(f'<!ENTITY e{i} \"&e{i + 1};\">' for i in range(depth)) + f'<!ENTITY e{depth} \"end\">'",
                "try:",
                "    outcome = 'parsed ' + ET.fromstring(f'<!DOCTYPE a [{chain}]><a>&e0;</a>').text",
                "except ET.ParseError as error:",
                "    outcome = f'ParseError {error.code}: {error}'"), "outcome").asString();
        assertTrue(outcome.startsWith("ParseError 1: out of memory (entity references nest deeper than the parser's stack holds)"),
                outcome);
    }
}
