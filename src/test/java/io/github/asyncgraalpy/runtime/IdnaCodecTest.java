package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code idna} codec in the sandbox, where GraalPy's own needs a C extension for Unicode 3.2's tables: the
 * standard library's {@code encodings/idna.py} with the JDK's nameprep ({@code Nameprep}). Each expected value is
 * what CPython 3.11 (python3 on the PATH) gives for the same expression: the value's {@code repr}, or the type and
 * message of the error (CPython wraps a codec's error in "encoding with 'idna' codec failed (…)"; GraalPy raises the
 * codec's own, compared here).
 */
@Timeout(120)
class IdnaCodecTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    @AfterEach
    void contextStillUsable() {
        assertEquals(4, python.context().eval("2 + 2").asInt());
    }

    /** What {@code expression} gives: its {@code repr}, or {@code "<type>: <message>"} of what it raised. */
    private static String outcome(String expression) {
        return python.run(String.join("\n",
                "import codecs, encodings.idna",
                "try:",
                "    outcome = repr(" + expression + ")",
                "except Exception as error:",
                "    cause = error.__cause__ or error",
                "    outcome = f'{type(cause).__name__}: {cause}'"), "outcome").asString();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // labels CPython encodes and decodes
        "'a.com'.encode('idna')                              | b'a.com'",
        "'bücher.example'.encode('idna')                     | b'xn--bcher-kva.example'",
        "'Bücher.Example'.encode('idna')                     | b'xn--bcher-kva.Example'",
        "b'xn--bcher-kva.example'.decode('idna')             | 'bücher.example'",
        "'ﬁä.com'.encode('idna')                             | b'xn--fi-wia.com'",
        "'ä.'.encode('idna')                                 | b'xn--4ca.'",
        "'ä\\u3002b'.encode('idna')                          | b'xn--4ca.b'",
        "encodings.idna.ToASCII('Ä\\u0308')                  | b'xn--4ca01i'",
        "encodings.idna.nameprep('ABC')                      | 'abc'",
        "b''.join(codecs.iterencode(['bü', 'cher.', 'ex'], 'idna')) | b'xn--bcher-kva.ex'",
        "''.join(codecs.iterdecode([b'xn--bcher', b'-kva.ex'], 'idna')) | 'bücher.ex'",
        // invalid labels: CPython's error and words
        "'a..b'.encode('idna')                               | UnicodeError: label empty or too long",
        "('a' * 64 + '.com').encode('idna')                  | UnicodeError: label empty or too long",
        "('ä' * 64 + '.com').encode('idna')                  | UnicodeError: label empty or too long",
        // the JDK's Punycode refuses a label this long with a plain RuntimeException, which reached Python as a host exception
        "('ü' * 100000).encode('idna')                       | UnicodeError: label empty or too long",
        "'\\u00ad.com'.encode('idna')                        | UnicodeError: label empty or too long",
        "'xn--ä.com'.encode('idna')                          | UnicodeError: Label starts with ACE prefix",
        "'ä\\ue000b'.encode('idna')                          | \"UnicodeError: Invalid character '\\ue000'\"",
        "'\\u05d0a\\u05d0'.encode('idna')                    | UnicodeError: Violation of BIDI requirement 2",
        "'\\u05d0\\u05d11'.encode('idna')                    | UnicodeError: Violation of BIDI requirement 3",
        "b'xn--zzzz.com'.decode('idna')                      | UnicodeError: incomplete punicode string",
    })
    void behavesAsCPythons(String expression, String cpython) {
        assertEquals(cpython, outcome(expression));
    }

    @Test
    void stringprepItselfStaysADeniedNativeModule() {
        assertEquals("ImportError: " + NativeModulesTest.deniedMessage("_cpython_unicodedata"), outcome("__import__('stringprep')"));
    }
}
