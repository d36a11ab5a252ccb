package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OutputNormaliserTest {

    @Test
    void addressesAreMasked() {
        assertEquals("got <__main__.MyCoroutine object at 0x…>\n",
                OutputNormaliser.normalise("got <__main__.MyCoroutine object at 0x7f3a2c1b9e50>\n"));
    }

    @Test
    void runtimeBannersAreMasked() {
        assertEquals("3.12.8\n[runtime banner]\n[runtime banner]\n",
                OutputNormaliser.normalise("3.12.8\n[Graal, GraalVM CE, Java 25.0.3 (amd64)]\n[GCC 12.2.0]\n"));
    }

    @Test
    void lineEndingsAndTrailingBlanksDoNotCount() {
        assertEquals("a\nb\n", OutputNormaliser.normalise("a  \r\nb\t\r\n"));
        assertEquals("", OutputNormaliser.normalise(""));
    }

    @Test
    void everythingElseIsKept() {
        assertEquals("Result of our coroutine: 'hello'\n  indented\n",
                OutputNormaliser.normalise("Result of our coroutine: 'hello'\n  indented\n"));
        assertEquals("at 0xZZ is no address\n", OutputNormaliser.normalise("at 0xZZ is no address\n"));
    }
}
