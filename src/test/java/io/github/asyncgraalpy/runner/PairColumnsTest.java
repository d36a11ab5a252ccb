package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Least privilege: a pair reaches the network its script declares, and nothing more; one that declares none, nothing. */
@Timeout(180)
class PairColumnsTest {

    /** Tries to listen on an ephemeral loopback port, then to connect to it (or to port 9 when it could not listen). */
    private static final String REACH = String.join("\n",
            "import asyncio",
            "",
            "async def main():",
            "    port = 9",
            "    try:",
            "        server = await asyncio.start_server(lambda reader, writer: writer.close(), '127.0.0.1', 0)",
            "        port = server.sockets[0].getsockname()[1]",
            "        print('listen: allowed')",
            "    except PermissionError:",
            "        print('listen: PermissionError')",
            "    try:",
            "        reader, writer = await asyncio.open_connection('127.0.0.1', port)",
            "        writer.close()",
            "        print('connect: allowed')",
            "    except OSError as error:",
            "        print('connect:', type(error).__name__)",
            "",
            "asyncio.run(main())",
            "");

    private static GraalPyColumns shared;
    private static PairColumns columns;

    @BeforeAll
    static void columns() {
        shared = new GraalPyColumns(ExampleRuntime.shared());
        columns = new PairColumns(shared, ExampleRuntime.shared());
    }

    @AfterAll
    static void close() {
        columns.close();
        shared.close();
    }

    private static PairedExample pair(Path dir, String name, String declaration) throws IOException {
        return new PairedExample(name, Files.writeString(dir.resolve(name + ".py"), declaration + REACH));
    }

    private static String printed(PairedExample pair) {
        Outcome outcome = columns.runScript(pair);
        assertEquals(Outcome.Status.OK, outcome.status(), outcome::detail);
        return outcome.stdout();
    }

    @Test
    void aPairThatDeclaresNoNetworkGetsPermissionErrorAndSharesTheRuntimeWithoutNetwork(@TempDir Path dir) throws IOException {
        PairedExample undeclared = pair(dir, "undeclared", "");
        assertEquals("listen: PermissionError\nconnect: PermissionError\n", printed(undeclared));
        assertSame(shared, columns.of(undeclared));
    }

    @Test
    void aPairGetsWhatItDeclaresAndNoMore(@TempDir Path dir) throws IOException {
        assertEquals("listen: allowed\nconnect: allowed\n",
                printed(pair(dir, "both", "# network: listen 127.0.0.1:0; connect 127.0.0.1\n")));
        assertEquals("listen: PermissionError\nconnect: ConnectionRefusedError\n",
                printed(pair(dir, "connect_only", "# network: connect 127.0.0.1\n")));
        assertEquals("listen: allowed\nconnect: PermissionError\n",
                printed(pair(dir, "listen_only", "# network: listen 127.0.0.1:0\n")));
    }

    @Test
    void aBadDeclarationIsAnErrorNamingThePair(@TempDir Path dir) throws IOException {
        PairedExample bad = pair(dir, "bad_grant", "# network: everything\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> columns.of(bad));
        assertTrue(refused.getMessage().startsWith("bad_grant.py declares '# network: everything'"), refused.getMessage());
    }
}
