import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * How fast bytes a Java socket read cross into a Python {@code bytes}, and Python bytes into Java, each way timed
 * side by side in one JVM and one GraalPy context, at 64 B and 64 KiB (docs/network.md, "What it costs"). Not part of
 * the build: run it as a source file with the optimizing runtime's arguments (after a build made target/jvm):
 *
 * <pre>java @target/jvm/optimizing.args docs/probes/BytesIntoPython.java</pre>
 *
 * Each line is the best of 12 rounds (a round: 2 MB's worth of calls, at least 20); "-" marks a part of a way, not a
 * way. The host access is the sandbox's plus buffer access, to try host ByteBuffers.
 */
public class BytesIntoPython {

    /** The bytes of one read, offered to Python each way a candidate needs them. */
    public static class Read {
        private final byte[] bytes;

        Read(int size) {
            bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                bytes[i] = (byte) (i * 31 + 7); // every byte value, high ones included
            }
        }

        @HostAccess.Export public int size() { return bytes.length; }
        /** Today's way: one char a byte, which Python encodes with latin-1. */
        @HostAccess.Export public String latin1() { return new String(bytes, StandardCharsets.ISO_8859_1); }
        /** A host buffer (HostAccess.allowBufferAccess): GraalPy 25.0.3's bytes() and memoryview() refuse it. */
        @HostAccess.Export public ByteBuffer buffer() { return ByteBuffer.wrap(bytes).asReadOnlyBuffer(); }
        @HostAccess.Export public String base64() { return Base64.getEncoder().encodeToString(bytes); }
        @HostAccess.Export public String hex() { return HexFormat.of().formatHex(bytes); }
        /** The bytes little-endian under a 1 byte, so that int.to_bytes gives them back, leading zeros too. */
        @HostAccess.Export public BigInteger integer() {
            byte[] bigEndian = new byte[bytes.length + 1];
            bigEndian[0] = 1;
            for (int i = 0; i < bytes.length; i++) {
                bigEndian[bytes.length - i] = bytes[i];
            }
            return new BigInteger(bigEndian);
        }
        /** Java writes the bytes into a Python bytearray, eight at a time (the polyglot API has no bulk write). */
        @HostAccess.Export public void copyInto(Value target) {
            ByteBuffer source = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int i = 0;
            for (; i + 8 <= bytes.length; i += 8) {
                target.writeBufferLong(ByteOrder.LITTLE_ENDIAN, i, source.getLong(i));
            }
            for (; i < bytes.length; i++) {
                target.writeBufferByte(i, bytes[i]);
            }
        }
        /** The other way, as LoopSockets.write takes a write: one bulk Value.readBuffer. */
        @HostAccess.Export public int take(Value data) {
            byte[] copy = new byte[(int) data.getBufferSize()];
            data.readBuffer(0, copy, 0, copy.length);
            return copy.length;
        }
    }

    public static void main(String[] args) {
        HostAccess access = HostAccess.newBuilder().allowAccessAnnotatedBy(HostAccess.Export.class)
                .allowListAccess(true).allowBufferAccess(true).build();
        try (Context context = Context.newBuilder("python").allowHostAccess(access).build()) {
            for (int size : new int[] {64, 65536}) {
                context.getBindings("python").putMember("read", new Read(size));
                context.eval("python", String.join("\n",
                        "import binascii, time",
                        "n = read.size()",
                        "expected = read.latin1().encode('latin-1')",
                        "kept = read.latin1()",
                        "ways = {",
                        "    'str, then encode latin-1 (today)': lambda: read.latin1().encode('latin-1'),",
                        "    '- the str alone': lambda: read.latin1(),",
                        "    '- the encode alone': lambda: kept.encode('latin-1'),",
                        "    'bytes(host ByteBuffer)': lambda: bytes(read.buffer()),",
                        "    'memoryview(host ByteBuffer)': lambda: memoryview(read.buffer()).tobytes(),",
                        "    'base64 str, binascii.a2b_base64': lambda: binascii.a2b_base64(read.base64()),",
                        "    'hex str, bytes.fromhex': lambda: bytes.fromhex(read.hex()),",
                        "    'BigInteger, int.to_bytes': lambda: read.integer().to_bytes(n + 1, 'little')[:n],",
                        "    'Java writes into a bytearray': lambda: (lambda b: (read.copyInto(b), bytes(b))[1])(bytearray(n)),",
                        "    'the other way: bytes to Java (readBuffer)': lambda: (read.take(expected), expected)[1],",
                        "}",
                        "print(f'--- {n} bytes')",
                        "for name, way in ways.items():",
                        "    try:",
                        "        right = way() == expected or name.startswith('-')",
                        "    except Exception as error:",
                        "        print(f'{name}: {type(error).__name__}: {error}')",
                        "        continue",
                        "    calls = max(20, 2_000_000 // n)",
                        "    best = None",
                        "    for _ in range(12):",
                        "        started = time.perf_counter_ns()",
                        "        for _ in range(calls):",
                        "            way()",
                        "        each = (time.perf_counter_ns() - started) / calls",
                        "        best = each if best is None else min(best, each)",
                        "    print(f'{name}: {best / 1000:.2f} us a call, {best / n:.2f} ns a byte' + ('' if right else ' WRONG BYTES'))"));
            }
        }
    }
}
