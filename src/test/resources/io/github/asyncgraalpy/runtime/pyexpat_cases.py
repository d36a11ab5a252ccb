"""Cases for the sandbox's pyexpat, each run on CPython and in the sandbox (PyexpatStandInTest compares the output).

Inspired by CPython's Lib/test/test_xml_etree.py, test_sax.py, test_pyexpat.py and test_plistlib.py, written anew.
The pyexpat stand-in hands on a document fed in parts each time what it holds has doubled, so incremental cases print
what they collected at the end; text is compared joined, since expat and the JDK cut it into different pieces.
"""
import io
import plistlib
import xml.dom.minidom
import xml.etree.ElementTree as ET
import xml.sax
import xml.sax.handler
from xml.parsers import expat
from xml.sax.saxutils import XMLGenerator

CASES = {}


def case(function):
    CASES[function.__name__] = function
    return function


def failure(error):
    if isinstance(error, (ET.ParseError, expat.ExpatError)):
        return f"{type(error).__name__} code={error.code} position={getattr(error, 'position', (error.lineno, error.offset))}: {error}"
    if isinstance(error, xml.sax.SAXParseException):
        return f"SAXParseException line={error.getLineNumber()} column={error.getColumnNumber()}: {error.getMessage()}"
    return f"{type(error).__name__}: {error}"


def tree(element):
    return (element.tag, sorted(element.attrib.items()), element.text, element.tail, [tree(child) for child in element])


@case
def etree_fromstring():
    root = ET.fromstring('<?xml version="1.0"?>\n<root a="1" b=\'two\'>text<child>inner</child>tail<empty/>\n</root>')
    print(tree(root))
    print(ET.tostring(root, encoding="unicode"))


@case
def etree_namespaces():
    root = ET.fromstring('<r xmlns="urn:default" xmlns:p="urn:p"><p:c p:attr="v" plain="w"/><d/></r>')
    print(tree(root))
    print(ET.tostring(root, encoding="unicode"))


@case
def etree_entities_and_references():
    root = ET.fromstring('<!DOCTYPE r [<!ENTITY e "entity text">]><r a="&#65;&#x42;&amp;">&e; &lt;&gt;&amp;&apos;&quot; &#x263A;</r>')
    print(tree(root))


@case
def etree_cdata_comments_pis():
    builder = ET.TreeBuilder(insert_comments=True, insert_pis=True)
    parser = ET.XMLParser(target=builder)
    parser.feed('<r><!-- a comment --><?target some data?><![CDATA[<not markup> & stuff]]></r>')
    root = parser.close()
    print([(child.tag if isinstance(child.tag, str) else child.tag.__name__, child.text) for child in root], root.text)


@case
def etree_whitespace_and_newlines():
    root = ET.fromstring('<r a="x\ty\nz">line one\r\nline two\rline three</r>')
    print(repr(root.get("a")), repr(root.text))


@case
def etree_parse_bytes_with_declared_encoding():
    data = '<?xml version="1.0" encoding="iso-8859-1"?><r>caf\xe9</r>'.encode("iso-8859-1")
    print(tree(ET.parse(io.BytesIO(data)).getroot()))
    print(tree(ET.fromstring('<r>\u00e9\u4e2d</r>'.encode("utf-8"))))
    parser = ET.XMLParser(encoding="iso-8859-1")
    parser.feed(b"<r>\xe9</r>")
    print(tree(parser.close()))


@case
def etree_custom_target():
    calls = []

    class Target:
        def start(self, tag, attrib):
            calls.append(("start", tag, sorted(attrib.items())))

        def end(self, tag):
            calls.append(("end", tag))

        def data(self, data):
            if calls and calls[-1][0] == "data":  # expat cuts text where the feeds end, the stand-in does not
                data = calls.pop()[1] + data
            calls.append(("data", data))

        def comment(self, text):
            calls.append(("comment", text))

        def pi(self, target, data):
            calls.append(("pi", target, data))

        def start_ns(self, prefix, uri):
            calls.append(("start_ns", prefix, uri))

        def end_ns(self, prefix):
            calls.append(("end_ns", prefix))

        def close(self):
            return "closed"

    parser = ET.XMLParser(target=Target())
    for chunk in ('<a xmlns:x="urn:x" x:k="1">one', ' two<!--c--><x:b/><?p d?>', "</a>"):
        parser.feed(chunk)
    print(parser.close(), calls)


@case
def etree_iterparse():
    data = b'<r xmlns:p="urn:p"><p:a>1</p:a><!--c--><?pi x?><b>2</b></r>'
    events = [(event, item if isinstance(item, tuple) else getattr(item, "tag", item))
              for event, item in ET.iterparse(io.BytesIO(data), events=("start", "end", "start-ns", "end-ns"))]
    print(events)


@case
def etree_pull_parser():
    parser = ET.XMLPullParser(events=("start", "end", "comment", "pi", "start-ns", "end-ns"))
    seen = []
    for chunk in ("<root xmlns='urn:x'>", "<a>1</a><!--", "c--><?p d?>", "<b/></root>"):
        parser.feed(chunk)
        seen.extend(parser.read_events())
    parser.close()
    seen.extend(parser.read_events())
    print([(event, item if isinstance(item, tuple) else getattr(item, "tag", item)) for event, item in seen if event not in ("comment", "pi")])
    print([(event, item.text) for event, item in seen if event in ("comment", "pi")])


@case
def etree_pull_parser_events_after_each_feed():
    parser = ET.XMLPullParser(events=("start", "end", "start-ns", "end-ns", "comment", "pi"))
    for chunk in ("<?xml version='1.0'?><!DOCTYPE r [<!ENTITY e 'v'>]>", "<r xmlns:p='urn:p'>", "<p:a>1</p:a><b>te",
                  "xt&e;</b><!-", "-c--><?t d?>", "<c x='1'/>", "</r>"):
        parser.feed(chunk)
        print(repr(chunk), [(event, getattr(item, "text" if event in ("comment", "pi") else "tag", item))
                            for event, item in parser.read_events()])
    parser.close()
    print("close", [(event, getattr(item, "tag", item)) for event, item in parser.read_events()])


@case
def etree_canonicalize():
    print(ET.canonicalize('<a xmlns="urn:x" z="1" b="2"><c   /><!-- c --></a>'))
    print(ET.canonicalize('<a xmlns:p="urn:p"><p:b p:y="2">t</p:b></a>', with_comments=True, strip_text=True))


@case
def etree_malformed():
    for document in ('<a></b>', '<a>', '', '<a x="1" x="2"/>', '<a/><b/>', 'x', '<a>&nope;</a>', '<a>&#0;</a>',
                     '<p:a/>', '<a>\n<b>\n</a>', '<a b="<"/>', '<a>\n  <b></c>\n</a>', '<a>\n  <b x="1"  x="2"/></a>',
                     '<!DOCTYPE r SYSTEM "r.dtd"><r>&undeclared;</r>', '<a', '<a><!-- x', '<a>x<', '<a b="1'):
        try:
            ET.fromstring(document)
            print("parsed", repr(document))
        except ET.ParseError as error:
            print(failure(error))
    print(tree(ET.fromstring("<fine/>")))


@case
def etree_parse_error_from_feed():
    parser = ET.XMLParser()
    parser.feed("<a><b></a")
    try:
        parser.close()
    except ET.ParseError as error:
        print(failure(error))


@case
def minidom_roundtrip():
    document = xml.dom.minidom.parseString('<?xml version="1.0"?><a x="1"><b>t</b><!--c--><c xmlns="urn:c"/></a>')
    print(document.toxml())
    print(document.documentElement.getElementsByTagName("b")[0].firstChild.data)


@case
def minidom_pulldom_and_xmlrpc():
    import xml.dom.pulldom
    import xmlrpc.client
    # past pulldom's reads of 16 KiB, so that it reads the document in parts
    events = xml.dom.pulldom.parse(io.BytesIO(b"<r>" + b"<a x='1'>t</a>" * 1300 + b"</r>"))
    names = [(event, node.nodeName) for event, node in events]
    print(len(names), names[:4], names[-2:])
    print(xmlrpc.client.loads(xmlrpc.client.dumps(({"a": [1, 2.5, "x<y"], "b": True},), "method")))


class Recorder(xml.sax.handler.ContentHandler):
    def __init__(self):
        super().__init__()
        self.calls = []
        self.text = []

    def _flush(self):
        if self.text:
            self.calls.append(("characters", "".join(self.text)))
            self.text = []

    def startElement(self, name, attrs):
        self._flush()
        self.calls.append(("start", name, sorted(attrs.items())))

    def endElement(self, name):
        self._flush()
        self.calls.append(("end", name))

    def startElementNS(self, name, qname, attrs):
        self._flush()
        self.calls.append(("startNS", name, qname, sorted(attrs.items(), key=str)))

    def endElementNS(self, name, qname):
        self._flush()
        self.calls.append(("endNS", name, qname))

    def startPrefixMapping(self, prefix, uri):
        self.calls.append(("prefix", prefix, uri))

    def endPrefixMapping(self, prefix):
        self.calls.append(("end prefix", prefix))

    def characters(self, content):
        self.text.append(content)

    def processingInstruction(self, target, data):
        self._flush()
        self.calls.append(("pi", target, data))


@case
def sax_parse_string():
    recorder = Recorder()
    xml.sax.parseString(b'<?xml version="1.0"?>\n<doc a="1">\n  <e>text &amp; more</e><?pi data?>\n</doc>', recorder)
    print(recorder.calls)


@case
def sax_namespaces():
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    recorder = Recorder()
    parser.setContentHandler(recorder)
    parser.parse(io.BytesIO(b'<r xmlns="urn:r" xmlns:q="urn:q"><q:x q:a="1" b="2"/></r>'))
    print(recorder.calls)


@case
def sax_xml_generator():
    out = io.StringIO()
    xml.sax.parseString('<doc a="1&amp;2"><e>t&lt;</e><empty/></doc>', XMLGenerator(out, short_empty_elements=True))
    print(out.getvalue())


@case
def sax_incremental_feed():
    parser = xml.sax.make_parser()
    recorder = Recorder()
    parser.setContentHandler(recorder)
    for chunk in (b"<r><a>1", b"2</a>", b"<b/></r>"):
        parser.feed(chunk)
    parser.close()
    print(recorder.calls)


@case
def sax_malformed():
    for document in (b"<a><b></a>", b"<a>", b"<a>&x;</a>"):
        try:
            xml.sax.parseString(document, xml.sax.handler.ContentHandler())
        except xml.sax.SAXParseException as error:
            print(failure(error))


PLIST = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
    <key>aString</key><string>Doodah &amp; more</string>
    <key>anInt</key><integer>728</integer>
    <key>aFloat</key><real>0.5</real>
    <key>aList</key><array><string>A</string><true/><false/><integer>-5</integer></array>
    <key>aDate</key><date>2004-10-26T10:33:33Z</date>
    <key>someData</key><data>PGJpbmFyeSBndW5rPg==</data>
    <key>nested</key><dict><key>deeper</key><array><dict/></array></dict>
</dict>
</plist>
"""


@case
def plist_loads():
    print(sorted(plistlib.loads(PLIST).items()))


@case
def plist_roundtrip():
    value = {"name": "x\u00e9", "numbers": [1, 2**40, -3.25], "flag": False, "blob": b"\x00\x01", "empty": {}}
    data = plistlib.dumps(value)
    print(plistlib.loads(data) == value, plistlib.loads(data, fmt=plistlib.FMT_XML) == value)


@case
def plist_refuses_entities_and_bad_input():
    for data in (b'<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY e "x">]><plist><string>&e;</string></plist>',
                 b"<plist><dict><key>k</key></dict></plist>", b"<plist><integer>1</plist>"):
        try:
            print(plistlib.loads(data))
        except Exception as error:
            print(failure(error))


@case
def pyexpat_handlers():
    calls = []
    parser = expat.ParserCreate(namespace_separator="!")
    parser.XmlDeclHandler = lambda *a: calls.append(("xmldecl",) + a)
    parser.StartDoctypeDeclHandler = lambda *a: calls.append(("doctype",) + a)
    parser.EndDoctypeDeclHandler = lambda: calls.append(("end doctype",))
    parser.EntityDeclHandler = lambda *a: calls.append(("entity",) + a)
    parser.StartElementHandler = lambda name, attrs: calls.append(("start", name, attrs))
    parser.EndElementHandler = lambda name: calls.append(("end", name))
    parser.StartNamespaceDeclHandler = lambda *a: calls.append(("ns",) + a)
    parser.EndNamespaceDeclHandler = lambda *a: calls.append(("end ns",) + a)
    parser.CommentHandler = lambda text: calls.append(("comment", text))
    parser.ProcessingInstructionHandler = lambda *a: calls.append(("pi",) + a)
    parser.StartCdataSectionHandler = lambda: calls.append(("cdata",))
    parser.EndCdataSectionHandler = lambda: calls.append(("end cdata",))
    parser.buffer_text = True
    parser.CharacterDataHandler = lambda text: calls.append(("text", text))
    parser.ordered_attributes = True
    parser.Parse('<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n'
                 '<!DOCTYPE r [<!ENTITY e "v">]>\n', False)
    parser.Parse('<r xmlns="urn:r" xmlns:p="urn:p" p:a="1" b="2"><!--c--><?t d?>x&e;<![CDATA[y]]></r>', True)
    for call in calls:
        print(call)


@case
def pyexpat_attributes():
    for specified in (False, True):
        for ordered in (False, True):
            seen = []
            parser = expat.ParserCreate()
            parser.specified_attributes, parser.ordered_attributes = specified, ordered
            parser.StartElementHandler = lambda name, attrs: seen.append((name, attrs))
            parser.Parse('<!DOCTYPE r [<!ATTLIST r d CDATA "default">]><r a="1" xmlns:q="urn:q"/>', True)
            print(specified, ordered, seen)


@case
def pyexpat_errors():
    parser = expat.ParserCreate()
    try:
        parser.Parse(b"<a>\n<b></a>", True)
    except expat.ExpatError as error:
        print(failure(error), expat.ErrorString(error.code), expat.errors.messages[error.code])
        print(parser.ErrorCode, parser.ErrorLineNumber, parser.ErrorColumnNumber)
    print(expat.errors.codes[expat.errors.XML_ERROR_TAG_MISMATCH], expat.errors.XML_ERROR_UNDEFINED_ENTITY)
    print(expat.model.XML_CTYPE_MIXED, expat.model.XML_CQUANT_PLUS, expat.XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE)
    print(expat.error is expat.ExpatError, issubclass(expat.ExpatError, Exception), len(expat.version_info))
    try:
        expat.ParserCreate(namespace_separator="ab")
    except ValueError as error:
        print(failure(error))


@case
def pyexpat_parse_file_and_buffer_text():
    chunks = []
    parser = expat.ParserCreate()
    parser.CharacterDataHandler = chunks.append
    parser.ParseFile(io.BytesIO(b"<r>one\ntwo\nthree</r>"))
    print(chunks)


def run(names):
    for name in [names] if isinstance(names, str) else names:
        print(f"=== {name}")
        try:
            CASES[name]()
        except Exception as error:
            print("raised", failure(error))
