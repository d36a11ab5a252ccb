package io.github.asyncgraalpy.runtime.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.graalvm.polyglot.HostAccess;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.Attributes2;
import org.xml.sax.ext.DefaultHandler2;

/**
 * The Java half of the sandbox's {@code pyexpat}: reads a whole XML document with the JDK's SAX parser into the events
 * expat would report, for the Python half ({@code pyexpat.py} next to this class) to hand to the handlers a script set.
 * GraalPy's own {@code pyexpat} is a C extension, which the sandbox denies.
 *
 * <p>Nothing outside the document is read: external general and parameter entities and the external DTD subset are
 * off, and the JDK's access properties allow no protocol, so a file or URL named in a document is never opened (the
 * reference is reported as skipped, as expat reports an external entity nobody handles). Secure processing bounds
 * entity expansion (billion laughs) and the total size of expanded entities; the element depth is bounded here.
 *
 * <p>The events travel as one string, fields separated by NUL, which no XML document can contain: one host call per
 * read, and no Java object reaches Python. The Python half documents the fields. A document fed in parts is read again
 * from its start as it grows (a SAX parser cannot be fed), and the events Python already has are left out.
 */
public final class XmlEventReader {

    /**
     * A field that expat reports as {@code None}: U+FFFF, which is no XML character in XML 1.0 or 1.1, literal or
     * referenced, so no value a document holds can be it (U+0001 was: an XML 1.1 entity's value {@code &#x1;} reached
     * Python as None, an external entity without a system id).
     */
    static final String NONE = "\uffff";
    /** How deep elements may nest; expat has no limit, the sandbox keeps one so that nesting cannot be an attack. */
    public static final int MAX_ELEMENT_DEPTH = 10_000;
    /** How many characters the expanded entities may add up to: expat's amplification guard starts at 8 MiB. */
    public static final int MAX_TOTAL_ENTITY_SIZE = 8_000_000;
    /*
     * The JDK's other limits, set here because their defaults depend on the JDK: 17 allows 64,000 entity expansions,
     * 1,000,000 characters per parameter entity and 10,000 attributes per element, and 24 on cut them to 2,500,
     * 100,000 and 200 (and the total above from 50,000,000 to 100,000, the depth from none to 100). The sandbox keeps
     * 17's, which ordinary documents do not reach, on every JDK.
     */
    private static final int MAX_ENTITY_EXPANSIONS = 64_000;
    private static final int MAX_PARAMETER_ENTITY_SIZE = 1_000_000;
    private static final int MAX_ATTRIBUTES = 10_000;
    private static final String JDK_LIMITS = "http://www.oracle.com/xml/jaxp/properties/";
    /** The error of a document whose entity references nest deeper than the parser's stack holds; pyexpat.py maps it. */
    static final String ENTITIES_TOO_DEEP = "entity references nest deeper than the parser's stack holds";

    /**
     * The events of one document.
     *
     * @param document the document: text, or, when {@code bytes}, its bytes as ISO-8859-1 characters (one per byte)
     *     so that the parser finds the encoding from the document itself
     * @param namespaces whether names are resolved to their namespace (expat's {@code namespace_separator})
     * @param handedOn how many of the document's first events Python has handed on already, from an earlier read of
     *     its beginning: they are left out
     */
    @HostAccess.Export
    public String read(String document, boolean bytes, boolean namespaces, int handedOn) {
        ExpatEvents events = new ExpatEvents();
        InputSource source = bytes
                ? new InputSource(new ByteArrayInputStream(document.getBytes(StandardCharsets.ISO_8859_1)))
                : new InputSource(new StringReader(document));
        try {
            // A factory per document: factories are not thread-safe, and contexts on several threads share this reader.
            XMLReader reader = factory(namespaces).newSAXParser().getXMLReader();
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            reader.setProperty(JDK_LIMITS + "maxElementDepth", String.valueOf(MAX_ELEMENT_DEPTH));
            reader.setProperty(JDK_LIMITS + "totalEntitySizeLimit", String.valueOf(MAX_TOTAL_ENTITY_SIZE));
            reader.setProperty(JDK_LIMITS + "entityExpansionLimit", String.valueOf(MAX_ENTITY_EXPANSIONS));
            reader.setProperty(JDK_LIMITS + "maxGeneralEntitySizeLimit", String.valueOf(MAX_TOTAL_ENTITY_SIZE));
            reader.setProperty(JDK_LIMITS + "maxParameterEntitySizeLimit", String.valueOf(MAX_PARAMETER_ENTITY_SIZE));
            reader.setProperty(JDK_LIMITS + "elementAttributeLimit", String.valueOf(MAX_ATTRIBUTES));
            reader.setContentHandler(events);
            reader.setErrorHandler(events);
            reader.setDTDHandler(events);
            reader.setProperty("http://xml.org/sax/properties/lexical-handler", events);
            reader.setProperty("http://xml.org/sax/properties/declaration-handler", events);
            reader.parse(source);
            events.end();
        } catch (SAXParseException malformed) {
            events.failed(malformed.getLineNumber(), malformed.getColumnNumber(), malformed.getMessage());
        } catch (SAXException | ParserConfigurationException | IOException | RuntimeException other) {
            events.failed(events.line(), events.column(), String.valueOf(other.getMessage()));
        } catch (StackOverflowError tooDeep) {
            // The JDK's parser recurses for each entity reference inside another's value, and no limit of its own bounds
            // that (20,000 entities each naming the next overflowed a thread's stack): the document fails as one too deep.
            // Its parser, made for this document alone, is dropped with whatever state the overflow left in it.
            events.failed(events.line(), events.column(), ENTITIES_TOO_DEEP);
        }
        return withoutFirst(events.toString(), handedOn);
    }

    /** The events after the first {@code count}: each is its kind and a fixed number of fields, a start tag 3 per attribute more. */
    static String withoutFirst(String events, int count) {
        int at = 0;
        for (int event = 0; event < count && at < events.length(); event++) {
            char kind = events.charAt(at);
            int fields = switch (kind) {
                case 'S' -> 4 + 3 * Integer.parseInt(field(events, at, 3));
                case 'E', 'N', 'P' -> 3;
                case 'K', 'O' -> 4;
                case 'D' -> 5;
                case 'I' -> 7;
                case 'A', 'a', 'd' -> 1;
                default -> 2; // C, n, M, and the end's and error's kinds, which come last
            };
            for (int i = 0; i < fields; i++) {
                at = events.indexOf('\0', at) + 1;
            }
        }
        return events.substring(at);
    }

    private static String field(String events, int eventAt, int index) {
        int at = eventAt;
        for (int i = 0; i < index; i++) {
            at = events.indexOf('\0', at) + 1;
        }
        return events.substring(at, events.indexOf('\0', at));
    }

    /** The Python half's source: compiled when a script first imports {@code pyexpat}, never before. */
    @HostAccess.Export
    public String pythonModule() {
        try (InputStream in = XmlEventReader.class.getResourceAsStream("pyexpat.py")) {
            if (in == null) {
                throw new IllegalStateException("pyexpat.py is missing from the class path next to " + XmlEventReader.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SAXParserFactory factory(boolean namespaces) {
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(namespaces);
        factory.setValidating(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser lacks a feature the sandbox needs: " + e.getMessage(), e);
        }
        return factory;
    }

    /** SAX's callbacks as expat's events, appended to one string; character data merged until the next event. */
    private static final class ExpatEvents extends DefaultHandler2 {

        private final StringBuilder out = new StringBuilder();
        private final StringBuilder text = new StringBuilder();
        private final List<String> endedPrefixes = new ArrayList<>();
        private Locator locator;
        /** Where fields go: the events, or, inside the DTD, the DTD's own until it ends (see startDTD). */
        private StringBuilder target = out;
        private String[] doctype;
        private boolean dtdDeclared;

        int line() {
            return locator == null ? 1 : Math.max(1, locator.getLineNumber());
        }

        int column() {
            return locator == null ? 1 : Math.max(1, locator.getColumnNumber());
        }

        private void event(String kind, String... fields) {
            flushText();
            flushEndedPrefixes();
            field(kind);
            for (String field : fields) {
                field(field);
            }
        }

        private void field(String value) {
            target.append(value == null ? NONE : value).append('\0');
        }

        /** SAX ends an element's prefixes in the order they were declared, expat in the reverse order. */
        private void flushEndedPrefixes() {
            for (int i = endedPrefixes.size() - 1; i >= 0; i--) {
                field("n");
                field(endedPrefixes.get(i));
            }
            endedPrefixes.clear();
        }

        private void flushText() {
            if (!text.isEmpty()) {
                field("C");
                field(text.toString());
                text.setLength(0);
            }
        }

        private String position() {
            return line() + " " + column();
        }

        void end() {
            event(".", position());
        }

        void failed(int line, int column, String message) {
            // An error inside the DTD ends the events here, not in the DTD's own fields, which only endDTD hands on: there
            // Python met no end and no error at all.
            target = out;
            event("!", Math.max(1, line) + " " + Math.max(1, column), message);
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            event("S", position(), name(uri, localName, qName), String.valueOf(attributes.getLength()));
            Attributes2 specified = attributes instanceof Attributes2 extended ? extended : null;
            for (int i = 0; i < attributes.getLength(); i++) {
                field(name(attributes.getURI(i), attributes.getLocalName(i), attributes.getQName(i)));
                field(attributes.getValue(i));
                field(specified == null || specified.isSpecified(i) ? "1" : "0");
            }
        }

        /** expat's name: the namespace and the local name joined by the separator (a tab here, Python's choice later). */
        private static String name(String uri, String localName, String qName) {
            if (localName == null || localName.isEmpty()) {
                return qName;
            }
            return uri == null || uri.isEmpty() ? localName : uri + "\t" + localName;
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            event("E", position(), name(uri, localName, qName));
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            text.append(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) {
            text.append(ch, start, length);
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) {
            event("N", prefix == null || prefix.isEmpty() ? null : prefix, uri == null || uri.isEmpty() ? null : uri);
        }

        @Override
        public void endPrefixMapping(String prefix) {
            flushText();
            endedPrefixes.add(prefix == null || prefix.isEmpty() ? null : prefix);
        }

        @Override
        public void processingInstruction(String target, String data) {
            event("P", target, data);
        }

        @Override
        public void comment(char[] ch, int start, int length) {
            event("M", new String(ch, start, length));
        }

        @Override
        public void startCDATA() {
            event("A");
        }

        @Override
        public void endCDATA() {
            event("a");
        }

        @Override
        public void skippedEntity(String name) {
            boolean parameter = name.startsWith("%");
            event("K", position(), parameter ? name.substring(1) : name, parameter ? "1" : "0");
        }

        /**
         * The DTD's events wait until it ends, then follow its start event, which says by then whether it had an internal
         * subset: a document read in part (Python's Parse with more to come) reports a DTD whole or not at all.
         */
        @Override
        public void startDTD(String name, String publicId, String systemId) {
            flushText();
            doctype = new String[] {name, systemId, publicId};
            target = new StringBuilder();
        }

        @Override
        public void endDTD() {
            flushText();
            StringBuilder declarations = target;
            target = out;
            event("D", doctype[0], doctype[1], doctype[2], dtdDeclared ? "1" : "0");
            out.append(declarations);
            event("d");
        }

        private void declared() {
            dtdDeclared |= target != out;
        }

        @Override
        public void internalEntityDecl(String name, String value) {
            declared();
            boolean parameter = name.startsWith("%");
            event("I", parameter ? name.substring(1) : name, parameter ? "1" : "0", value, null, null, null);
        }

        @Override
        public void externalEntityDecl(String name, String publicId, String systemId) {
            declared();
            boolean parameter = name.startsWith("%");
            event("I", parameter ? name.substring(1) : name, parameter ? "1" : "0", null, systemId, publicId, null);
        }

        @Override
        public void unparsedEntityDecl(String name, String publicId, String systemId, String notationName) {
            declared();
            event("I", name, "0", null, systemId, publicId, notationName);
        }

        @Override
        public void notationDecl(String name, String publicId, String systemId) {
            declared();
            event("O", name, systemId, publicId);
        }

        @Override
        public void elementDecl(String name, String model) {
            declared();
        }

        @Override
        public void attributeDecl(String eName, String aName, String type, String mode, String value) {
            declared();
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
