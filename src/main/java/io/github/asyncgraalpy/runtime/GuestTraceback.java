package io.github.asyncgraalpy.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * A Python exception's traceback in CPython's words, read from Java through built-in objects taken from a context
 * before any script ran: the report of an exception whose description by the bootstrap failed, because a script
 * patched what that runs (the {@code traceback} module, the bootstrap's functions, {@code builtins}).
 *
 * <p>A script can rebind any name, in {@code builtins} too, but not the built-in objects held here nor the attributes
 * of built-in types (traceback, frame, code): so the only script code this runs is what CPython's own report runs,
 * {@code str()} of each exception. The frames' lines come from the sources the context ran ({@code sourceOf});
 * where a source is not known, a frame has its {@code File} line alone. Frames of the bootstrap are left out, as the
 * bootstrap's own description leaves them out.
 */
final class GuestTraceback {

    /** The bootstrap's modules' file names, which tracebacks leave out (as {@code _scripts._OWN_FILES}). */
    private static final String OWN_FILES = "asyncgraalpy/";
    /** Past this many exceptions in a chain, or frames in a traceback, the rest is left out: a report stays a report. */
    private static final int MOST_EXCEPTIONS = 100;
    private static final int MOST_FRAMES = 10_000;
    /** CPython's: a line repeated more than this many times in a row is told as a count. */
    private static final int REPEATS_SHOWN = 3;

    /** One evaluation, not one per object: every context pays for this at creation. */
    static final String BUILTINS = "(BaseException.__traceback__.__get__, BaseException.__cause__.__get__,"
            + " BaseException.__context__.__get__, BaseException.__suppress_context__.__get__, type,"
            + " vars(type)['__module__'].__get__, vars(type)['__qualname__'].__get__, str)";

    private final Value tracebackOf;
    private final Value causeOf;
    private final Value contextOf;
    private final Value suppressesContext;
    private final Value typeOf;
    private final Value moduleOf;
    private final Value qualifiedNameOf;
    private final Value str;
    private final Function<String, Optional<String>> sourceOf;

    GuestTraceback(Context context, Function<String, Optional<String>> sourceOf) {
        Value builtins = context.eval("python", BUILTINS);
        this.tracebackOf = builtins.getArrayElement(0);
        this.causeOf = builtins.getArrayElement(1);
        this.contextOf = builtins.getArrayElement(2);
        this.suppressesContext = builtins.getArrayElement(3);
        this.typeOf = builtins.getArrayElement(4);
        this.moduleOf = builtins.getArrayElement(5);
        this.qualifiedNameOf = builtins.getArrayElement(6);
        this.str = builtins.getArrayElement(7);
        this.sourceOf = sourceOf;
    }

    /**
     * The exception's type as CPython names it in a traceback: {@code ValueError}, {@code mymodule.MyError} (the module
     * left out for {@code builtins} and {@code __main__}).
     */
    String typeName(Value exception) {
        Value type = typeOf.execute(exception);
        String name = qualifiedNameOf.execute(type).asString();
        Value module = moduleOf.execute(type);
        String moduleName = module.isString() ? module.asString() : "";
        return moduleName.isEmpty() || moduleName.equals("builtins") || moduleName.equals("__main__") ? name : moduleName + "." + name;
    }

    /** {@code str(exception)}, or CPython's words when that fails. */
    String message(Value exception) {
        try {
            return str.execute(exception).asString();
        } catch (RuntimeException failed) {
            return "<exception str() failed>";
        }
    }

    /** The whole report, as CPython prints an uncaught exception: its causes and contexts first, then itself. */
    String format(Value exception) {
        List<Value> chain = new ArrayList<>();
        List<String> links = new ArrayList<>();
        Value current = exception;
        while (current != null && chain.size() < MOST_EXCEPTIONS && !contains(chain, current)) {
            chain.add(current);
            Value cause = orNull(causeOf.execute(current));
            if (cause != null) {
                links.add("\nThe above exception was the direct cause of the following exception:\n\n");
                current = cause;
                continue;
            }
            Value context = orNull(contextOf.execute(current));
            if (context != null && !suppressesContext.execute(current).asBoolean()) {
                links.add("\nDuring handling of the above exception, another exception occurred:\n\n");
                current = context;
                continue;
            }
            current = null;
        }
        StringBuilder report = new StringBuilder();
        for (int i = chain.size() - 1; i >= 0; i--) {
            report.append(single(chain.get(i)));
            if (i > 0) {
                report.append(links.get(i - 1));
            }
        }
        return report.toString();
    }

    /** One exception: its frames, outermost first, and its {@code Type: message} line. */
    private String single(Value exception) {
        StringBuilder text = new StringBuilder();
        List<String> frames = frames(orNull(tracebackOf.execute(exception)));
        if (!frames.isEmpty()) {
            text.append("Traceback (most recent call last):\n");
            frames.forEach(text::append);
        }
        String message = message(exception);
        String type = typeName(exception);
        return text.append(message.isEmpty() ? type : type + ": " + message).append('\n').toString();
    }

    private List<String> frames(Value traceback) {
        List<String> frames = new ArrayList<>();
        String previous = null;
        int repeats = 0;
        int read = 0;
        for (Value tb = traceback; tb != null && read++ < MOST_FRAMES; tb = orNull(tb.getMember("tb_next"))) {
            Value code = tb.getMember("tb_frame").getMember("f_code");
            String file = code.getMember("co_filename").asString();
            if (file.startsWith(OWN_FILES)) {
                continue;
            }
            String frame = frame(file, tb.getMember("tb_lineno").asInt(), code.getMember("co_name").asString());
            if (frame.equals(previous)) {
                if (++repeats >= REPEATS_SHOWN) {
                    continue; // counted, not shown
                }
            } else {
                countRepeats(frames, repeats);
                repeats = 0;
            }
            frames.add(frame);
            previous = frame;
        }
        countRepeats(frames, repeats);
        return frames;
    }

    private static void countRepeats(List<String> frames, int repeats) {
        if (repeats >= REPEATS_SHOWN) {
            frames.add("  [Previous line repeated " + (repeats - REPEATS_SHOWN + 1) + " more times]\n");
        }
    }

    private String frame(String file, int line, String function) {
        StringBuilder frame = new StringBuilder("  File \"").append(file).append("\", line ").append(line).append(", in ")
                .append(function).append('\n');
        sourceOf.apply(file).flatMap(source -> line(source, line)).ifPresent(text -> frame.append("    ").append(text).append('\n'));
        return frame.toString();
    }

    private static Optional<String> line(String source, int number) {
        List<String> lines = source.lines().toList();
        if (number < 1 || number > lines.size()) {
            return Optional.empty();
        }
        String text = lines.get(number - 1).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static Value orNull(Value value) {
        return value == null || value.isNull() ? null : value;
    }

    private static boolean contains(List<Value> chain, Value exception) {
        for (Value seen : chain) {
            if (seen.equals(exception)) {
                return true;
            }
        }
        return false;
    }
}
