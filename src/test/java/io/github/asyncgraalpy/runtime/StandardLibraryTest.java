package io.github.asyncgraalpy.runtime;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every module of {@code sys.stdlib_module_names}, imported in one sandboxed context, in one evaluation: each imports,
 * or is a C extension the sandbox denies (the ImportError of {@link NativeModulesTest}), or fails for another reason
 * named here. A GraalPy upgrade that changes one module's outcome fails this test, naming the module.
 *
 * <p>Not walked, by one rule: the modules CPython builds only for Windows or macOS ({@link #NOT_ON_LINUX}), which
 * CPython on Linux cannot import either.
 */
@Timeout(120)
class StandardLibraryTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    /** CPython's Windows-only modules and its one macOS-only module. */
    static final Set<String> NOT_ON_LINUX = Set.of("msvcrt", "winreg", "winsound", "_winapi", "nt", "_overlapped", "_msi",
            "msilib", "_scproxy");

    /** The modules that import. */
    static final List<String> IMPORTS = Arrays.asList("""
            __future__ _abc _aix_support _ast _asyncio _blake2 _codecs _codecs_cn _codecs_hk _codecs_iso2022
            _codecs_jp _codecs_kr _codecs_tw _collections _collections_abc _compat_pickle _compression _contextvars
            _crypt _csv _ctypes _frozen_importlib _frozen_importlib_external _functools _hashlib _imp _io _json
            _locale _lsprof _lzma _markupbase _md5 _multibytecodec _multiprocessing _operator _osx_support _pickle
            _posixshmem _posixsubprocess _py_abc _pydecimal _pyio _queue _random _sha1 _sha2 _sha3 _signal
            _sitebuiltins _socket _sre _ssl _string _strptime _struct _thread _threading_local _tracemalloc
            _warnings _weakref _weakrefset abc aifc antigravity argparse array ast asyncio atexit base64 bdb
            binascii bisect builtins cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections
            colorsys compileall concurrent configparser contextlib contextvars copy copyreg crypt csv dataclasses datetime
            dbm decimal difflib dis doctest email encodings ensurepip enum errno faulthandler fcntl filecmp
            fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib gzip
            hashlib heapq hmac html http idlelib imaplib imghdr importlib inspect io ipaddress itertools json
            keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder
            multiprocessing netrc nntplib ntpath nturl2path numbers opcode operator optparse os pathlib pdb pickle
            pickletools pipes pkgutil platform poplib posix posixpath pprint profile pstats pwd py_compile pydoc
            pydoc_data queue quopri random re readline reprlib resource rlcompleter runpy sched secrets select
            selectors shelve shlex shutil signal site smtplib sndhdr socket socketserver sre_compile sre_constants
            sre_parse ssl stat statistics string struct subprocess sunau sys sysconfig tabnanny tarfile telnetlib
            tempfile textwrap this threading time timeit token tokenize trace traceback tracemalloc turtledemo types
            typing unicodedata unittest urllib uu uuid venv warnings wave weakref webbrowser wsgiref xdrlib xml
            xmlrpc zipapp zipfile zipimport zlib zoneinfo
            """.strip().split("\\s+"));

    /** The modules that raise the sandbox's ImportError, with the module it names: the C extension they need. */
    static final Map<String, String> DENIED_NATIVE = Map.of(
            "_sqlite3", "_sqlite3",
            "ctypes", "ctypes",
            "plistlib", "pyexpat",
            "pty", "termios",
            "pyexpat", "pyexpat",
            "sqlite3", "_sqlite3",
            "stringprep", "_cpython_unicodedata",
            "termios", "termios",
            "tty", "termios");

    /**
     * The modules that fail otherwise, with why. GraalPy 25.0 does not ship these (its standard library is 3.12's:
     * {@code asynchat}, {@code asyncore}, {@code distutils}, {@code imp}, {@code smtpd} are gone from it, and it has
     * none of the C extensions for curses, Tk, dbm, bz2, audio, NIS, syslog and their kind): ModuleNotFoundError,
     * naming the module missing.
     */
    static final Map<String, String> NOT_SHIPPED = Map.ofEntries(
            entry("_bisect", "_bisect"),
            entry("_bootsubprocess", "_bootsubprocess"),
            entry("_bz2", "_bz2"),
            entry("_curses", "_curses"),
            entry("_curses_panel", "_curses_panel"),
            entry("_datetime", "_datetime"),
            entry("_dbm", "_dbm"),
            entry("_decimal", "_decimal"),
            entry("_elementtree", "_elementtree"),
            entry("_gdbm", "_gdbm"),
            entry("_heapq", "_heapq"),
            entry("_opcode", "_opcode"),
            entry("_stat", "_stat"),
            entry("_statistics", "_statistics"),
            entry("_symtable", "_symtable"),
            entry("_tkinter", "_tkinter"),
            entry("_uuid", "_uuid"),
            entry("_zoneinfo", "_zoneinfo"),
            entry("asynchat", "asynchat"),
            entry("asyncore", "asyncore"),
            entry("audioop", "audioop"),
            entry("binhex", "binhex"),
            entry("bz2", "_bz2"),
            entry("curses", "_curses"),
            entry("distutils", "distutils"),
            entry("grp", "grp"),
            entry("imp", "imp"),
            entry("nis", "nis"),
            entry("ossaudiodev", "ossaudiodev"),
            entry("pyclbr", "pyclbr"),
            entry("smtpd", "smtpd"),
            entry("spwd", "spwd"),
            entry("symtable", "_symtable"),
            entry("syslog", "syslog"),
            entry("tkinter", "_tkinter"),
            entry("turtle", "_tkinter"));

    /** None: every module either imports, is denied native code, or is not shipped. */
    static final Map<String, String> OTHER = Map.of();

    private static final String WALK = String.join("\n",
            "import importlib, sys",
            "outcomes = {}",
            "for name in sorted(sys.stdlib_module_names - set(not_on_linux)):",
            "    try:",
            "        importlib.import_module(name)",
            "        outcomes[name] = 'imports'",
            "    except ImportError as error:",
            "        denied = str(error).startswith(f'the module {error.name!r} needs native code')",
            "        outcomes[name] = f'denied: {error.name}' if denied else f'{type(error).__name__}: {error}'",
            "    except Exception as error:",
            "        outcomes[name] = f'{type(error).__name__}: {str(error).splitlines()[0]}'",
            "outcomes = [f'{name} | {outcome}' for name, outcome in outcomes.items()]");

    @Test
    void everyModuleImportsOrFailsAsExpected() {
        Value namespace = python.context().runScript("not_on_linux = " + pythonList(NOT_ON_LINUX) + "\n" + WALK, "<stdlib walk>");
        Map<String, String> actual = new TreeMap<>();
        Value outcomes = namespace.getHashValue("outcomes");
        for (long i = 0; i < outcomes.getArraySize(); i++) {
            String[] pair = outcomes.getArrayElement(i).asString().split(" \\| ", 2);
            actual.put(pair[0], pair[1]);
        }
        Map<String, String> expected = new TreeMap<>();
        IMPORTS.forEach(name -> expected.put(name, "imports"));
        DENIED_NATIVE.forEach((name, extension) -> expected.put(name, "denied: " + extension));
        NOT_SHIPPED.forEach((name, missing) -> expected.put(name, "ModuleNotFoundError: No module named '" + missing + "'"));
        expected.putAll(OTHER);
        List<String> changed = new ArrayList<>();
        for (String name : new TreeSet<>(union(expected.keySet(), actual.keySet()))) {
            if (!String.valueOf(expected.get(name)).equals(String.valueOf(actual.get(name)))) {
                changed.add(name + ": expected " + expected.get(name) + ", was " + actual.get(name));
            }
        }
        assertEquals(List.of(), changed, "modules whose outcome changed (null: not in sys.stdlib_module_names / not expected)");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String pythonList(Set<String> names) {
        return names.stream().sorted().map(name -> "'" + name + "'").toList().toString();
    }
}
