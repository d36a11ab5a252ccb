"""pyexpat for the sandbox, over the JDK's XML parser (the Java half: XmlEventReader).

GraalPy's pyexpat is a C extension, which the sandbox denies. This module gives ``xml.etree.ElementTree``,
``xml.sax``, ``xml.dom.minidom`` and ``plistlib`` the part of pyexpat's interface they use. The Java half reads the whole
document with secure processing on and nothing outside the document reachable (no external entity, no external DTD, no
file, no URL); here its events go to the handlers a script set, as expat would call them.

How it differs from expat (docs/stdlib.md):

* ``Parse(data, False)`` keeps the data, reads all of it again and hands on the events it completes (beyond 1 MiB,
  only each time what it kept has doubled); the rest, and any error, come with the final call (``Parse(data, True)``,
  ``ParseFile``, ``XMLParser.close``, ``XMLPullParser.close``). A document's events and errors are expat's, some
  later.
* Character data comes merged between other events, as with ``buffer_text``; without it, split at line ends.
* Error positions: line as expat's; the column is expat's for the common errors, else near it.
* External entities are reported unread (``ExternalEntityRefHandler``'s return value is not used to read them);
  ``ExternalEntityParserCreate`` refuses. Elements nest at most 10,000 deep; entities expand to at most 8,000,000
  characters, and at most 64,000 times (the JDK's limit), and entity references nest as deep as the parser's stack
  holds (2,000 deep parse; 20,000 overflowed it): beyond, ExpatError.

The events arrive as one string of NUL-separated fields (XmlEventReader.ExpatEvents):
``S line col name count (name value specified)*``, ``E line col name``, ``C text``, ``N prefix uri``, ``n prefix``,
``M comment``, ``P target data``, ``A``/``a`` (CDATA start/end), ``K line col name is_parameter`` (a skipped
entity), ``D name system_id public_id has_internal_subset``, ``d``, ``I name is_parameter value system_id public_id
notation`` (an entity declaration), ``O name system_id public_id`` (a notation), ``. line col`` (the end), ``! line
col message`` (an error); ``\\uffff`` (no XML character, in XML 1.0 or 1.1) is None.
"""

import re as _re
import sys as _sys
import types as _types

EXPAT_VERSION = "expat_2.5.0"
version_info = (2, 5, 0)
native_encoding = "UTF-8"
features = [("sizeof(XML_Char)", 1), ("sizeof(XML_LChar)", 1), ("XML_DTD", 0), ("XML_NS", 0)]
XML_PARAM_ENTITY_PARSING_NEVER = 0
XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE = 1
XML_PARAM_ENTITY_PARSING_ALWAYS = 2

_MESSAGES = {
    1: "out of memory", 2: "syntax error", 3: "no element found", 4: "not well-formed (invalid token)",
    5: "unclosed token", 6: "partial character", 7: "mismatched tag", 8: "duplicate attribute",
    9: "junk after document element", 10: "illegal parameter entity reference", 11: "undefined entity",
    12: "recursive entity reference", 13: "asynchronous entity", 14: "reference to invalid character number",
    15: "reference to binary entity", 16: "reference to external entity in attribute",
    17: "XML or text declaration not at start of entity", 18: "unknown encoding",
    19: "encoding specified in XML declaration is incorrect", 20: "unclosed CDATA section",
    21: "error in processing external entity reference", 22: "document is not standalone",
    23: "unexpected parser state - please send a bug report", 24: "entity declared in parameter entity",
    25: "requested feature requires XML_DTD support in Expat", 26: "cannot change setting once parsing has begun",
    27: "unbound prefix", 28: "must not undeclare prefix", 29: "incomplete markup in parameter entity",
    30: "XML declaration not well-formed", 31: "text declaration not well-formed",
    32: "illegal character(s) in public id", 33: "parser suspended", 34: "parser not suspended",
    35: "parsing aborted", 36: "parsing finished", 37: "cannot suspend in external parameter entity",
    38: "reserved prefix (xml) must not be undeclared or bound to another namespace name",
    39: "reserved prefix (xmlns) must not be declared or undeclared",
    40: "prefix must not be bound to one of the reserved namespace names", 41: "invalid argument",
    42: "a successful prior call to function XML_GetBuffer is required",
    43: "limit on input amplification factor (from DTD and entities) breached",
}
_ERROR_NAMES = (
    "NO_MEMORY SYNTAX NO_ELEMENTS INVALID_TOKEN UNCLOSED_TOKEN PARTIAL_CHAR TAG_MISMATCH DUPLICATE_ATTRIBUTE "
    "JUNK_AFTER_DOC_ELEMENT PARAM_ENTITY_REF UNDEFINED_ENTITY RECURSIVE_ENTITY_REF ASYNC_ENTITY BAD_CHAR_REF "
    "BINARY_ENTITY_REF ATTRIBUTE_EXTERNAL_ENTITY_REF MISPLACED_XML_PI UNKNOWN_ENCODING INCORRECT_ENCODING "
    "UNCLOSED_CDATA_SECTION EXTERNAL_ENTITY_HANDLING NOT_STANDALONE UNEXPECTED_STATE ENTITY_DECLARED_IN_PE "
    "FEATURE_REQUIRES_XML_DTD CANT_CHANGE_FEATURE_ONCE_PARSING UNBOUND_PREFIX UNDECLARING_PREFIX "
    "INCOMPLETE_PE XML_DECL TEXT_DECL PUBLICID SUSPENDED NOT_SUSPENDED ABORTED FINISHED SUSPEND_PE "
    "RESERVED_PREFIX_XML RESERVED_PREFIX_XMLNS RESERVED_NAMESPACE_URI INVALID_ARGUMENT NO_BUFFER "
    "AMPLIFICATION_LIMIT_BREACH").split()

errors = _types.ModuleType("pyexpat.errors", "Constants used to describe error conditions.")
errors.messages = dict(_MESSAGES)
errors.codes = {message: code for code, message in _MESSAGES.items()}
for _code, _name in enumerate(_ERROR_NAMES, 1):
    setattr(errors, "XML_ERROR_" + _name, _MESSAGES[_code])

model = _types.ModuleType("pyexpat.model", "Constants used to interpret content model information.")
for _name, _value in (("XML_CTYPE_EMPTY", 1), ("XML_CTYPE_ANY", 2), ("XML_CTYPE_MIXED", 3), ("XML_CTYPE_NAME", 4),
                      ("XML_CTYPE_CHOICE", 5), ("XML_CTYPE_SEQ", 6), ("XML_CQUANT_NONE", 0), ("XML_CQUANT_OPT", 1),
                      ("XML_CQUANT_REP", 2), ("XML_CQUANT_PLUS", 3)):
    setattr(model, _name, _value)
_sys.modules["pyexpat.errors"] = errors
_sys.modules["pyexpat.model"] = model
del _code, _name, _value


class ExpatError(Exception):
    pass


error = ExpatError


def ErrorString(code):
    """The message for an error code, as expat words it."""
    return _MESSAGES.get(code)


# _read_events(document, is_bytes, namespaces) -> str: the Java half, given by the loader (asyncgraalpy._guards).
_read_events = None

_NONE = "\uffff"
# A document fed in parts is read again at every part up to this size, and beyond it each time it has doubled: the
# events come as they would from expat, but for the parts of a large document, at a cost linear in its size.
_READ_EVERY_PART_UP_TO = 1 << 20

# The JDK's message (English) for each malformed document, as expat's error code.
_CODES = (
    ("must be terminated by the matching end-tag", 7), ("XML document structures must start and end", 3),
    ("Premature end of file", 3), ("was already specified for element", 8),
    ("following the root element must be well-formed", 9), ("Content is not allowed in trailing section", 9),
    ("Content is not allowed in prolog", 2), ("was referenced, but not declared", 11),
    ("is an invalid XML character", 14), ("Character reference", 14), ("is not bound", 27),
    ("Recursive entity", 12), ("external entity reference", 16), ("[xX][mM][lL]", 17),
    ("CDATA section", 20), ("Invalid encoding name", 18), ("Invalid byte", 4), ("entity expansions", 43),
    ("accumulated size of entities", 43), ("size of entity", 43), ("maxElementDepth", 1), ("nest deeper than the parser", 1),
    ("element depth", 1),
)
# Errors whose position expat gives at the start of what it rejected, found back from where the JDK stopped.
_STARTS_AT = {11: "&", 14: "&", 27: "<", 9: "<"}


def _detail(code, message):
    """What expat's words leave out: the sandbox's own limit, where the JDK's parser stopped at one."""
    if code == 1 and "entity references" in message:
        return " (entity references nest deeper than the parser's stack holds)"
    if code == 1:
        return " (elements nest deeper than the sandbox's limit of 10000)"
    return ""


def _code_of(message):
    for words, code in _CODES:
        if words in message:
            return code
    return 4


def _expat_position(document, code, message, line, column):
    """expat's position (line, 0-based column) for an error the JDK reports at (line, 1-based column after it)."""
    lines = document.split("\n")
    opened, closed = document.rfind("<"), document.rfind(">")
    if opened > closed and line == len(lines):
        # The document ends inside a tag: expat calls that an unclosed token, where the tag starts.
        return 5, len(lines), len(lines[-1]) - (len(document) - opened)
    if code == 3:
        return code, len(lines), len(lines[-1])
    column -= 1
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    start = _STARTS_AT.get(code)
    if start is not None:
        found = text.rfind(start, 0, max(column, 0))
        if found >= 0:
            column = found
    elif code == 8:
        # expat points at the repeated attribute, which the JDK names first in its message
        named = _re.search(r'"([^"]+)"', message)
        tag = text.rfind("<", 0, max(column, 0))
        if named is not None and tag >= 0:
            repeats = list(_re.finditer(r"\s(" + _re.escape(named.group(1)) + r")\s*=", text[tag:column]))
            if len(repeats) > 1:
                column = tag + repeats[-1].start(1)
    return code, line, max(column, 0)


_XML_DECL = _re.compile(r"""<\?xml\s+version\s*=\s*(['"])(?P<version>[^'"]*)\1"""
                        r"""(?:\s+encoding\s*=\s*(['"])(?P<encoding>[^'"]*)\3)?"""
                        r"""(?:\s+standalone\s*=\s*(['"])(?P<standalone>yes|no)\5)?\s*\?>""")


class XMLParserType:
    """An expat parser: set the handlers, then Parse or ParseFile."""

    _HANDLERS = (
        "StartElementHandler", "EndElementHandler", "ProcessingInstructionHandler", "CharacterDataHandler",
        "UnparsedEntityDeclHandler", "NotationDeclHandler", "StartNamespaceDeclHandler", "EndNamespaceDeclHandler",
        "CommentHandler", "StartCdataSectionHandler", "EndCdataSectionHandler", "DefaultHandler",
        "DefaultHandlerExpand", "NotStandaloneHandler", "ExternalEntityRefHandler", "StartDoctypeDeclHandler",
        "EndDoctypeDeclHandler", "EntityDeclHandler", "XmlDeclHandler", "ElementDeclHandler", "AttlistDeclHandler",
        "SkippedEntityHandler")

    def __init__(self, encoding=None, namespace_separator=None, intern=None):
        for name in self._HANDLERS:
            object.__setattr__(self, name, None)
        self._encoding = encoding
        self._separator = namespace_separator
        self.intern = {} if intern is None else intern
        self.buffer_text = False
        self.buffer_size = 8192
        self.ordered_attributes = False
        self.specified_attributes = False
        self.namespace_prefixes = False
        self._chunks = []
        self._size = 0
        self._read_size = 0  # how much of the document the last read had, when more was to come
        self._handed_on = 0  # how many of the document's events the handlers have had
        self._declared = False
        self._external = {}  # the external entities declared so far, by name
        self._finished = False
        self._reparse_deferral = True
        self._base = None
        self.ErrorCode = 0
        self.ErrorByteIndex = -1
        self.CurrentByteIndex = -1
        self._at = "1 1"  # where the last event was, as the JDK gave it: read only when asked (see _line_and_column)
        self._back = 0
        self._error_at = None

    def _line_and_column(self):
        if self._error_at is not None:
            return self._error_at
        line, column = self._at.split()
        return int(line), max(int(column) - 1 - self._back, 0)

    ErrorLineNumber = CurrentLineNumber = property(lambda self: self._line_and_column()[0])
    ErrorColumnNumber = CurrentColumnNumber = property(lambda self: self._line_and_column()[1])

    @property
    def buffer_used(self):
        return 0

    def Parse(self, data, isfinal=False):
        """Takes the document in parts: the events each part completes come with it (beyond 1 MiB, each time what
        came has doubled); the rest, and any error, with ``isfinal``."""
        if self._finished:
            self._fail(36, self.ErrorLineNumber, self.ErrorColumnNumber)
        if data:
            if not isinstance(data, (str, bytes, bytearray, memoryview)):
                raise TypeError(f"a bytes-like object or str is required, not '{type(data).__name__}'")
            self._chunks.append(data)
            self._size += len(data)
        if isfinal:
            self._finished = True
            self._run(self._document(), True)
        elif self._size > 0 and (self._size <= _READ_EVERY_PART_UP_TO or self._size >= 2 * self._read_size):
            self._read_size = self._size
            self._run(self._document(), False)
        return 1

    def ParseFile(self, file):
        read = getattr(file, "read", None)
        if read is None:
            raise TypeError("argument must have 'read' attribute")
        while True:
            data = read(self.buffer_size * 8)
            if not data:
                break
            self.Parse(data, False)
        return self.Parse(b"", True)

    def _document(self):
        chunks = self._chunks
        if len(chunks) > 1 and all(isinstance(chunk, str) for chunk in chunks):
            chunks[:] = ["".join(chunks)]
        if all(isinstance(chunk, str) for chunk in chunks):
            # expat takes text as UTF-8 whatever the declaration says; the JDK reads text as text.
            return "".join(chunks), False
        data = b"".join(chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk) for chunk in chunks)
        if self._encoding is not None:
            return data.decode(self._encoding), False
        return data.decode("latin-1"), True

    def _run(self, document, final):
        """Reads the document so far and hands on the events not handed on yet: all of them when ``final``, else
        those it completes (not text that may go on, nor the error where the part read ends)."""
        text, is_bytes = document
        shown = text if not is_bytes else _as_text(text)
        if not self._declared:
            declaration = _XML_DECL.match(shown.lstrip("\ufeff"))
            if declaration is not None:
                self._declared = True
                if self.XmlDeclHandler is not None:
                    standalone = {"yes": 1, "no": 0}.get(declaration.group("standalone"), -1)
                    self.XmlDeclHandler(declaration.group("version"), declaration.group("encoding"), standalone)
        fields = _read_events(text, is_bytes, self._separator is not None, self._handed_on).split("\0")
        self._dispatch(fields, 0, shown, final)

    def _name(self, name):
        if self._separator is not None and "\t" in name:
            uri, local = name.rsplit("\t", 1)
            name = uri + self._separator + local
        return self.intern.setdefault(name, name) if self.intern is not None else name

    def _dispatch(self, fields, at, shown, final):
        external = self._external
        text = self._text_handler()
        while at < len(fields):
            kind = fields[at]
            if not final and (kind in ".!" or kind == "C" and fields[at + 2] in ".!"):
                return  # the part read so far ends here
            self._handed_on += 1
            if kind == "S":
                self._at, self._back = fields[at + 1], 0
                name, count = self._name(fields[at + 2]), int(fields[at + 3])
                attributes = fields[at + 4:at + 4 + 3 * count]
                at += 4 + 3 * count
                handler = self.StartElementHandler
                if handler is not None:
                    handler(name, self._attributes(attributes))
            elif kind == "E":
                self._at, self._back = fields[at + 1], 0
                handler = self.EndElementHandler
                at += 3
                if handler is not None:
                    handler(self._name(fields[at - 1]))
            elif kind == "C":
                at += 2
                if self.CharacterDataHandler is not None:
                    text(fields[at - 1])
                elif self.DefaultHandlerExpand is not None:
                    self.DefaultHandlerExpand(fields[at - 1])
            elif kind == "N":
                at += 3
                self._call(self.StartNamespaceDeclHandler, fields[at - 2], fields[at - 1])
            elif kind == "n":
                at += 2
                self._call(self.EndNamespaceDeclHandler, fields[at - 1])
            elif kind == "M":
                at += 2
                self._call(self.CommentHandler, fields[at - 1])
            elif kind == "P":
                at += 3
                self._call(self.ProcessingInstructionHandler, fields[at - 2], fields[at - 1])
            elif kind == "A":
                at += 1
                self._call(self.StartCdataSectionHandler)
            elif kind == "a":
                at += 1
                self._call(self.EndCdataSectionHandler)
            elif kind == "K":
                name, parameter = fields[at + 2], fields[at + 3] == "1"
                self._position(fields[at + 1], back=len(name) + 2)  # expat's position is the reference's start
                at += 4
                self._skipped(name, parameter, external.get(name))
            elif kind == "D":
                at += 5
                self._call(self.StartDoctypeDeclHandler, fields[at - 4], fields[at - 3], fields[at - 2],
                           int(fields[at - 1]))
            elif kind == "d":
                at += 1
                self._call(self.EndDoctypeDeclHandler)
            elif kind == "I":
                name, parameter, value, system_id, public_id, notation = (
                    None if field == _NONE else field for field in fields[at + 1:at + 7])
                at += 7
                if value is None and parameter == "0":
                    external[name] = (system_id, public_id)
                self._call(self.EntityDeclHandler, name, int(parameter), value, self._base, system_id, public_id,
                           notation)
                if notation is not None:
                    self._call(self.UnparsedEntityDeclHandler, name, self._base, system_id, public_id, notation)
            elif kind == "O":
                at += 4
                self._call(self.NotationDeclHandler, fields[at - 3], self._base, fields[at - 2], fields[at - 1])
            elif kind == ".":
                self._position(fields[at + 1])
                return
            elif kind == "!":
                line, column = (int(number) for number in fields[at + 1].split())
                message = fields[at + 2]
                code = _code_of(message)
                code, line, column = _expat_position(shown, code, message, line, column)
                self._fail(code, line, column, _detail(code, message))
            else:
                raise RuntimeError(f"pyexpat: unknown event {kind!r} from the Java half")

    def _call(self, handler, *arguments):
        if handler is not None:
            handler(*(None if argument == _NONE else argument for argument in arguments))

    def _position(self, field, back=0):
        self._at, self._back = field, back

    def _text_handler(self):
        def text(data):
            if self.buffer_text:
                self.CharacterDataHandler(data)
            else:
                # expat without buffer_text hands text over line by line
                for piece in _re.findall(r"[^\n]+|\n", data):
                    self.CharacterDataHandler(piece)
        return text

    def _attributes(self, fields):
        if not fields:
            return [] if self.ordered_attributes else {}
        names, values = fields[0::3], fields[1::3]
        keep = [flag == "1" or not self.specified_attributes for flag in fields[2::3]]
        pairs = [(self._name(name), value) for name, value, kept in zip(names, values, keep) if kept]
        if self.ordered_attributes:
            return [item for pair in pairs for item in pair]
        return dict(pairs)

    def _skipped(self, name, parameter, external):
        if external is not None and self.ExternalEntityRefHandler is not None:
            # expat asks the handler to read it; nothing outside the document is read here, whatever it answers.
            if self.ExternalEntityRefHandler(name, self._base, external[0], external[1]) == 0:
                self._fail(21, self.CurrentLineNumber, self.CurrentColumnNumber)
        elif self.SkippedEntityHandler is not None:
            self.SkippedEntityHandler(name, parameter)
        elif self.DefaultHandlerExpand is not None:
            self.DefaultHandlerExpand(("%" if parameter else "&") + name + ";")
        elif self.DefaultHandler is not None:
            self.DefaultHandler(("%" if parameter else "&") + name + ";")

    def _fail(self, code, line, column, detail=""):
        self.ErrorCode, self._error_at = code, (line, column)
        failure = ExpatError(f"{_MESSAGES[code]}{detail}: line {line}, column {column}")
        failure.code, failure.lineno, failure.offset = code, line, column
        raise failure

    def ExternalEntityParserCreate(self, context, encoding=None):
        self._fail(21, self.CurrentLineNumber, self.CurrentColumnNumber,
                   " (external entities are not read in this sandbox: docs/stdlib.md)")

    def SetBase(self, base):
        self._base = base

    def GetBase(self):
        return self._base

    def GetInputContext(self):
        return None

    def SetParamEntityParsing(self, flag):
        return 1

    def UseForeignDTD(self, flag=True):
        pass

    def GetReparseDeferralEnabled(self):
        return self._reparse_deferral

    def SetReparseDeferralEnabled(self, enabled):
        self._reparse_deferral = bool(enabled)


def _as_text(latin1):
    data = latin1.encode("latin-1")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, "replace")
    return data.decode("utf-8", "replace")


def ParserCreate(encoding=None, namespace_separator=None, intern=None):
    """A new parser; ``namespace_separator`` (one character) turns namespace processing on, as in expat."""
    if encoding is not None and not isinstance(encoding, str):
        raise TypeError(f"ParserCreate() argument 'encoding' must be str or None, not {type(encoding).__name__}")
    if namespace_separator is not None:
        if not isinstance(namespace_separator, str):
            raise TypeError("ParserCreate() argument 'namespace_separator' must be str or None, not "
                            + type(namespace_separator).__name__)
        if len(namespace_separator) > 1:
            raise ValueError("namespace_separator must be at most one character, omitted, or None")
    return XMLParserType(encoding, namespace_separator, intern)
