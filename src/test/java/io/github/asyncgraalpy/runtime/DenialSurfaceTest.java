package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.List;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sandbox's whole denial surface, walked as a hostile script would: every operation ends in an ordinary Python
 * exception that {@code except Exception} catches, of the type CPython would raise in a comparable situation, and the
 * context goes on (each row runs in the same context, which is checked after each). {@link SandboxTest} holds the
 * exact messages of the main denials; this holds their breadth.
 */
@Timeout(120)
class DenialSurfaceTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    @AfterEach
    void contextStillUsable() {
        assertEquals("ok", python.run("import os, asyncio\nresult = asyncio.run(asyncio.sleep(0, 'ok'))", "result").asString());
        assertEquals("/sandbox", python.run("import os\ncwd = os.getcwd()", "cwd").asString());
    }

    /**
     * The translation replaces the host-facing modules' functions before the standard library imports them, and in the
     * one module GraalPy's start-up filled from them; that this reaches every copy is proven here, not searched for in
     * every context: after a broad set of imports, no module and no class holds an original.
     */
    @Test
    void noModuleOrClassHoldsAnUntranslatedHostFunction() {
        Value untranslated = python.run(String.join("\n",
                "import sys, asyncio, selectors, socket, signal, subprocess, multiprocessing, shutil, tempfile, pathlib",
                "import http.client, urllib.request, smtplib, ftplib, concurrent.futures, threading, faulthandler, mmap, resource",
                "host_modules = {sys.modules[name] for name in " + hostFacingModules() + " if name in sys.modules}",
                "def original(value):",
                "    return type(value) is type(len) and getattr(value, '__self__', None) in host_modules",
                "untranslated = []",
                "for module in list(sys.modules.values()):",
                "    for name, value in list(getattr(module, '__dict__', {}).items()):",
                "        if original(value) and module not in host_modules:",
                "            untranslated.append(f'{module.__name__}.{name}')",
                "        elif isinstance(value, type):",
                "            untranslated += [f'{value.__qualname__}.{attribute}' for attribute, held in vars(value).items() if original(held)]",
                "untranslated = sorted(set(untranslated))"), "untranslated");
        assertEquals("[]", python.repr(untranslated));
    }

    private static String hostFacingModules() {
        return python.run("import asyncgraalpy\nnames = repr(asyncgraalpy._host_errors._HOST_FACING_MODULES)", "names").asString();
    }

    @ParameterizedTest(name = "{0}: {1} raises {2}")
    @CsvSource(delimiter = '|', value = {
        // files: nothing of the host is readable, nothing anywhere is writable
        "files     | open('/etc/passwd').read()                             | PermissionError",
        "files     | open('/sandbox/x.txt', 'w')                            | PermissionError",
        "files     | open('/tmp/x', 'w')                                    | PermissionError",
        "files     | import io; io.FileIO('/etc/passwd')                    | PermissionError",
        "files     | import os; os.open('/etc/shadow', os.O_RDONLY)         | PermissionError",
        "files     | import os; os.listdir('/')                             | PermissionError",
        "files     | import os; os.scandir('/proc')                         | PermissionError",
        "files     | import os; os.stat('/etc/passwd')                      | PermissionError",
        "files     | import os; os.readlink('/proc/self/exe')               | PermissionError",
        "files     | import os; os.mkdir('/sandbox/d')                      | PermissionError",
        "files     | import os; os.remove('/sandbox/nothing')               | PermissionError",
        "files     | import os; os.rename('/sandbox/a', '/sandbox/b')       | PermissionError",
        "files     | import os; os.symlink('/etc/passwd', '/sandbox/l')     | PermissionError",
        "files     | import os; os.link('/etc/passwd', '/sandbox/h')        | PermissionError",
        "files     | import os; os.chmod('/sandbox', 0o777)                 | PermissionError",
        "files     | import os; os.chown('/sandbox', 0, 0)                  | OSError",
        "files     | import os; os.lchown('/sandbox', 0, 0)                 | OSError",
        "files     | import os; os.fchown(1, 0, 0)                          | OSError",
        "files     | import os; os.truncate('/sandbox', 0)                  | PermissionError",
        "files     | import os; os.utime('/sandbox')                        | PermissionError",
        "files     | import os; os.statvfs('/')                             | PermissionError",
        "files     | import shutil; shutil.copy('/etc/passwd', '/sandbox/p') | PermissionError",
        // the working directory is /sandbox, and stays it
        "cwd       | import os; os.chdir('/')                               | FileNotFoundError",
        "cwd       | import os; os.chdir('/root')                           | FileNotFoundError",
        "cwd       | import pathlib; pathlib.Path.home().exists()           | PermissionError",
        // temporary files: there is no writable directory
        "temp      | import tempfile; tempfile.gettempdir()                 | FileNotFoundError",
        "temp      | import tempfile; tempfile.mkstemp()                    | FileNotFoundError",
        "temp      | import tempfile; tempfile.TemporaryDirectory()         | FileNotFoundError",
        // sockets: the Python class, the builtin type behind it (reached through __mro__), and what builds on them
        "sockets   | import socket; socket.socket()                         | PermissionError",
        "sockets   | import socket; socket.socket.__mro__[1](2, 1)          | SystemError",
        "sockets   | import socket; socket.socketpair()                     | PermissionError",
        "sockets   | import socket; socket.fromfd(0, 2, 1)                  | PermissionError",
        "sockets   | import socket; socket.create_server(('127.0.0.1', 0))  | PermissionError",
        "sockets   | import ssl, socket; ssl.create_default_context().wrap_socket(socket.socket()) | PermissionError",
        "sockets   | import select; select.select([0], [], [], 0)           | PermissionError",
        "sockets   | import selectors; selectors.DefaultSelector().select(0) | PermissionError",
        "sockets   | import os; os.set_blocking(1, False)                   | PermissionError",
        // DNS
        "dns       | import socket; socket.getaddrinfo('localhost', 80)     | PermissionError",
        "dns       | import socket; socket.gethostbyname('localhost')       | PermissionError",
        // HTTP and other clients
        "http      | import socket; socket.create_connection(('127.0.0.1', 9), timeout=1) | PermissionError",
        "http      | import urllib.request; urllib.request.urlopen('http://127.0.0.1:9/') | URLError",
        "http      | import http.client; http.client.HTTPConnection('127.0.0.1', 9).request('GET', '/') | PermissionError",
        "http      | import smtplib; smtplib.SMTP('127.0.0.1', 9)           | PermissionError",
        // processes: none starts, the host's cannot be signalled, its process group and session are not there
        "processes | import os; os.system('true')                           | PermissionError",
        "processes | import os; os.popen('true')                            | PermissionError",
        "processes | import os; os.execv('/bin/true', ['true'])             | PermissionError",
        "processes | import subprocess; subprocess.run(['true'])            | PermissionError",
        "processes | import subprocess; subprocess.Popen('true', shell=True) | PermissionError",
        "processes | import multiprocessing; multiprocessing.Process(target=print).start() | PermissionError",
        "processes | import multiprocessing; multiprocessing.Pool(1)        | PermissionError",
        "processes | import os, signal; os.kill(os.getpid(), signal.SIGKILL) | ProcessLookupError",
        "processes | import os; os.getppid()                                | OSError",
        "processes | import os; os.getpgrp()                                | OSError",
        "processes | import os; os.getsid(0)                                | OSError",
        "processes | import os; os.setsid()                                 | OSError",
        // threads
        "threads   | import threading; threading.Thread(target=print).start() | RuntimeError",
        "threads   | import threading; threading.Timer(1, print).start()    | RuntimeError",
        "threads   | import _thread; _thread.start_new_thread(print, ())    | RuntimeError",
        "threads   | import concurrent.futures as f; f.ThreadPoolExecutor().submit(print).result() | RuntimeError",
        "threads   | import faulthandler; faulthandler.dump_traceback_later(5) | RuntimeError",
        // signals belong to the host
        "signals   | import signal; signal.signal(signal.SIGINT, signal.SIG_IGN) | ValueError",
        "signals   | import signal; signal.set_wakeup_fd(1)                 | ValueError",
        "signals   | import signal; signal.raise_signal(signal.SIGTERM)     | PermissionError",
        "signals   | import signal; signal.alarm(1)                         | PermissionError",
        "signals   | import signal; signal.setitimer(signal.ITIMER_REAL, 1) | PermissionError",
        // native code, other languages, the host's classes
        "native    | import ctypes; ctypes.CDLL(None)                       | ImportError",
        "native    | import sqlite3; sqlite3.connect(':memory:')            | ImportError",
        "native    | __graalpython__.get_current_rss()                      | SystemError",
        "native    | import java; java.type('java.lang.System')             | KeyError",
        "native    | import polyglot; polyglot.eval(language='js', string='1') | RuntimeError",
        "native    | import polyglot; polyglot.import_value('x')            | NotImplementedError",
    })
    void everyDeniedOperationRaisesACatchableException(String area, String code, String expectedType) {
        List<String> caught = python.raised(code.replace("; ", "\n"), "Exception");
        assertFalse(caught.isEmpty(), () -> "not denied: " + code);
        assertEquals(expectedType, caught.get(0), caught::toString);
        assertFalse(caught.get(1).contains("Java stack trace") && !expectedType.equals("SystemError"),
                () -> "a Java stack trace in the message: " + caught);
    }
}
