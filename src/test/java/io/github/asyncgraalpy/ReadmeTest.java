package io.github.asyncgraalpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.examples.PairedExamplesTestAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README is a contract: its code is the project's code, its outputs are the ones the tests demand, and its quick
 * start is what CI runs.
 */
class ReadmeTest {

    private static final Path README = Path.of("README.md");
    /** A marker line, then a fenced block: {@code <!-- source: path -->} or {@code <!-- output: example -->}. */
    private static final Pattern MARKED_BLOCK = Pattern.compile("<!-- (source|output): (\\S+) -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern CODE_BLOCK = Pattern.compile("```(python|java)\\n");

    private static String readme() throws IOException {
        return Files.readString(README);
    }

    private static List<String> meaningfulLines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.toList());
    }

    @Test
    void everyPythonAndJavaBlockIsMarkedWithItsSource() throws IOException {
        String readme = readme();
        Matcher block = CODE_BLOCK.matcher(readme);
        while (block.find()) {
            String before = readme.substring(0, block.start());
            String previousLine = before.substring(before.stripTrailing().lastIndexOf('\n') + 1).strip();
            assertTrue(previousLine.startsWith("<!-- source: "), "unmarked code block at offset " + block.start() + ": " + previousLine);
        }
    }

    @Test
    void codeShownIsCodeInTheSources() throws IOException {
        Matcher block = MARKED_BLOCK.matcher(readme());
        int checked = 0;
        while (block.find()) {
            if (!block.group(1).equals("source")) {
                continue;
            }
            Path source = Path.of(block.group(2));
            assertTrue(Files.isRegularFile(source), "the README quotes a missing file: " + source);
            List<String> shown = meaningfulLines(block.group(3));
            List<String> actual = meaningfulLines(Files.readString(source));
            assertTrue(Collections.indexOfSubList(actual, shown) >= 0,
                    "the README's block from " + source + " is not in that file any more:\n" + block.group(3));
            checked++;
        }
        assertTrue(checked >= 7, "expected the chapters' and the API's code blocks, found " + checked);
    }

    @Test
    void outputsShownAreTheOnesTheTestsDemand() throws IOException {
        Map<String, String> expected = PairedExamplesTestAccess.expectedOutputs();
        Matcher block = MARKED_BLOCK.matcher(readme());
        List<String> shown = new ArrayList<>();
        while (block.find()) {
            if (block.group(1).equals("output")) {
                assertEquals(expected.get(block.group(2)), block.group(3) + "\n", "output of " + block.group(2));
                shown.add(block.group(2));
            }
        }
        assertEquals(expected.keySet().stream().sorted().collect(Collectors.toList()), shown.stream().sorted().collect(Collectors.toList()),
                "every chapter's output is shown once");
    }

    @Test
    void quickStartHasExactlyTheTwoCommandsAndCiRunsThem() throws IOException {
        String readme = readme();
        String quickStart = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1));
        Matcher commands = Pattern.compile("```sh\\n(.*?)\\n```", Pattern.DOTALL).matcher(quickStart);
        assertTrue(commands.find());
        assertEquals(List.of("./mvnw -q compile exec:exec", "./mvnw test"), commands.group(1).lines().collect(Collectors.toList()));
        assertFalse(commands.find(), "one command block in the quick start");
        String ci = Files.readString(Path.of(".ci", "run"));
        assertTrue(ci.indexOf("\n./mvnw test\n") >= 0 && ci.indexOf("\n./mvnw -q compile exec:exec\n") > ci.indexOf("\n./mvnw test\n"),
                "CI runs the README's test command, then the main job:\n" + ci);
    }
}
