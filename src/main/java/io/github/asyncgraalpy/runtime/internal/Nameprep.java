package io.github.asyncgraalpy.runtime.internal;

import java.net.IDN;
import java.text.ParseException;
import java.util.List;
import org.graalvm.polyglot.HostAccess;

/**
 * RFC 3491's nameprep, the step of IDNA 2003 that needs Unicode 3.2's tables, for the {@code idna} codec of a
 * sandboxed context. CPython's {@code encodings.idna} takes those tables from {@code stringprep} and {@code
 * unicodedata.ucd_3_2_0}, which GraalPy builds from a C extension that the sandbox denies; the JDK's {@link IDN}
 * implements the same RFCs with the same tables. What Python cannot get from it (which character is prohibited, which
 * of the bidi rules a label breaks) is found here in CPython's words.
 */
public final class Nameprep {

    /** The prepared label, as {@code ["ok", label]}; or why there is none, {@code ["invalid", character]} or {@code ["error", CPython's message]}. */
    @HostAccess.Export
    public List<String> prepare(String label) {
        try {
            // toASCII prepares the label, then leaves it or Punycode-encodes it; toUnicode gives back the prepared
            // label in either case.
            return List.of("ok", IDN.toUnicode(IDN.toASCII(label, IDN.ALLOW_UNASSIGNED), IDN.ALLOW_UNASSIGNED));
        } catch (RuntimeException refused) {
            // Not only IllegalArgumentException: past some length the JDK's Punycode throws a plain RuntimeException
            // ("input too long: 100000 UTF-16 code units"), which reached Python as a host exception.
            return refusal(label, refused);
        }
    }

    private static List<String> refusal(String label, RuntimeException refused) {
        String message = String.valueOf(refused.getMessage());
        if (message.startsWith("Empty label")) {
            return List.of("ok", ""); // the label prepared to nothing: the codec's length check says so in its words
        }
        if (message.contains("too long")) {
            return List.of("error", "label empty or too long");
        }
        if (message.contains("ACE Prefix")) {
            return List.of("error", "Label starts with ACE prefix");
        }
        if (refused.getCause() instanceof ParseException cause && cause.getMessage().contains("BiDi")) {
            // RFC 3454 6: a label with right-to-left characters has no left-to-right one (2) and starts and ends with a
            // right-to-left one (3); which one failed, the JDK does not say.
            boolean leftToRight = label.codePoints().anyMatch(c -> Character.getDirectionality(c) == Character.DIRECTIONALITY_LEFT_TO_RIGHT);
            return List.of("error", "Violation of BIDI requirement " + (leftToRight ? 2 : 3));
        }
        // A prohibited character (RFC 3491 5): the first that is prohibited on its own.
        return label.codePoints().mapToObj(Character::toString).filter(Nameprep::prohibited).findFirst()
                .map(character -> List.of("invalid", character))
                .orElse(List.of("error", message));
    }

    private static boolean prohibited(String character) {
        try {
            IDN.toASCII(character, IDN.ALLOW_UNASSIGNED);
            return false;
        } catch (IllegalArgumentException refused) {
            return refused.getCause() instanceof ParseException cause && cause.getMessage().contains("prohibited");
        }
    }
}
