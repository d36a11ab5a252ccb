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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the chapters in docs/ are a contract: their code is the project's code, their outputs are the ones the
 * tests demand, their links lead somewhere, and the README's quick start is what CI runs. A {@code <!-- source: path -->}
 * marker names its file relative to the project, whichever page it is on.
 */
class ReadmeTest {

    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final long README_MAX_BYTES = 15_000;
    /** A marker line, then a fenced block: {@code <!-- source: path -->} or {@code <!-- output: example -->}. */
    private static final Pattern MARKED_BLOCK = Pattern.compile("<!-- (source|output): (\\S+) -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern CODE_BLOCK = Pattern.compile("```(python|java)\\n");
    /** An inline link or image, {@code [text](target)} or {@code [text](target "title")}. */
    private static final Pattern INLINE_LINK = Pattern.compile("\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** A reference definition, {@code [label]: target}. */
    private static final Pattern REFERENCE_LINK = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");

    /** README.md, then every docs/*.md in name order. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(README);
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(path -> path.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertTrue(pages.size() > 1, "no chapters in " + DOCS);
        return pages;
    }

    private static String read(Path page) throws IOException {
        return Files.readString(page);
    }

    private static List<String> meaningfulLines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.toList());
    }

    private static int lineAt(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void everyPythonAndJavaBlockIsMarkedWithItsSource() throws IOException {
        for (Path page : pages()) {
            String text = read(page);
            Matcher block = CODE_BLOCK.matcher(text);
            while (block.find()) {
                String before = text.substring(0, block.start());
                String previousLine = before.substring(before.stripTrailing().lastIndexOf('\n') + 1).strip();
                assertTrue(previousLine.startsWith("<!-- source: "),
                        "unmarked code block in " + page + ", line " + lineAt(text, block.start()) + ": " + previousLine);
            }
        }
    }

    /** A group name as the harness declares it: {@code AWAIT("await", ...)} in bench/Group.java. */
    private static final Pattern BENCH_GROUP = Pattern.compile("(?m)^\\s+[A-Z0-9_]+\\(\"([a-z0-9-]+)\"");
    private static final Pattern BENCH_PROPERTY = Pattern.compile("-D(bench\\.\\w+)(?:=([\\w,.-]+))?");

    /** The commands the docs give to reproduce a figure name groups and options the harness has. */
    @Test
    void benchCommandsNameGroupsAndOptionsTheHarnessHas() throws IOException {
        Path bench = Path.of("src/main/java/io/github/asyncgraalpy/bench");
        Set<String> groups = new LinkedHashSet<>();
        Matcher declared = BENCH_GROUP.matcher(Files.readString(bench.resolve("Group.java")));
        while (declared.find()) {
            groups.add(declared.group(1));
        }
        assertTrue(groups.contains("await") && groups.contains("pool-burst"), "no groups read from Group.java: " + groups);
        String harness = Files.readString(bench.resolve("Benchmarks.java")) + Files.readString(bench.resolve("GroupMain.java"));
        List<String> wrong = new ArrayList<>();
        for (Path page : pages()) {
            Matcher property = BENCH_PROPERTY.matcher(read(page));
            while (property.find()) {
                if (!harness.contains("\"" + property.group(1) + "\"") && !harness.contains("{@code " + property.group(1) + "}")) {
                    wrong.add(page + ": no option " + property.group(1));
                } else if (property.group(1).equals("bench.groups") && property.group(2) != null) {
                    for (String group : property.group(2).split(",")) {
                        if (!groups.contains(group)) {
                            wrong.add(page + ": no group " + group + " in -Dbench.groups=" + property.group(2));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void codeShownIsCodeInTheSources() throws IOException {
        int checked = 0;
        boolean readmeQuotesTheConsumer = false;
        for (Path page : pages()) {
            Matcher block = MARKED_BLOCK.matcher(read(page));
            while (block.find()) {
                if (!block.group(1).equals("source")) {
                    continue;
                }
                Path source = Path.of(block.group(2));
                assertTrue(Files.isRegularFile(source), page + " quotes a missing file: " + source);
                List<String> shown = meaningfulLines(block.group(3));
                List<String> actual = meaningfulLines(Files.readString(source));
                assertTrue(Collections.indexOfSubList(actual, shown) >= 0,
                        page + "'s block from " + source + " is not in that file any more:\n" + block.group(3));
                checked++;
                readmeQuotesTheConsumer |= page.equals(README) && source.startsWith(Path.of("src", "it", "consumer"));
            }
        }
        assertTrue(checked >= 15, "expected the chapters', the API's and the consumer's code blocks, found " + checked);
        assertTrue(readmeQuotesTheConsumer, "the README's \"Use it in your project\" shows the consumer's code, checked");
    }

    @Test
    void outputsShownAreTheOnesTheTestsDemand() throws IOException {
        Map<String, String> expected = PairedExamplesTestAccess.expectedOutputs();
        List<String> shown = new ArrayList<>();
        for (Path page : pages()) {
            Matcher block = MARKED_BLOCK.matcher(read(page));
            while (block.find()) {
                if (block.group(1).equals("output")) {
                    assertEquals(expected.get(block.group(2)), block.group(3) + "\n", "output of " + block.group(2) + " in " + page);
                    shown.add(block.group(2));
                }
            }
        }
        assertEquals(expected.keySet().stream().sorted().collect(Collectors.toList()), shown.stream().sorted().collect(Collectors.toList()),
                "every chapter's output is shown once, in the README or docs/");
    }

    @Test
    void quickStartHasExactlyTheTwoCommandsAndCiRunsThem() throws IOException {
        String readme = read(README);
        String quickStart = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1));
        Matcher commands = Pattern.compile("```sh\\n(.*?)\\n```", Pattern.DOTALL).matcher(quickStart);
        assertTrue(commands.find());
        assertEquals(List.of("./mvnw -q compile exec:exec", "./mvnw test"), commands.group(1).lines().collect(Collectors.toList()));
        assertFalse(commands.find(), "one command block in the quick start");
        String ci = Files.readString(Path.of(".ci", "run"));
        assertTrue(ci.indexOf("\n./mvnw test\n") >= 0 && ci.indexOf("\n./mvnw -q compile exec:exec\n") > ci.indexOf("\n./mvnw test\n"),
                "CI runs the README's test command, then the main job:\n" + ci);
    }

    @Test
    void readmeIsAFrontPage() throws IOException {
        long size = Files.size(README);
        assertTrue(size <= README_MAX_BYTES, "README.md is " + size + " bytes, more than " + README_MAX_BYTES + ": move a section into docs/");
    }

    @Test
    void everyChapterHasATitleLinksBackAndIsListedInTheReadme() throws IOException {
        String readme = read(README);
        for (Path page : pages()) {
            if (page.equals(README)) {
                continue;
            }
            List<String> lines = meaningfulLines(read(page));
            assertTrue(lines.size() >= 2 && lines.get(0).startsWith("# "), page + " starts with a # title");
            assertTrue(lines.get(1).contains("](../README.md"), page + " links back to the README in its second line: " + lines.get(1));
            assertTrue(readme.contains("](docs/" + page.getFileName() + ")"), "the README's index lists " + page);
        }
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        for (Path page : pages()) {
            String prose = prose(read(page));
            List<String> targets = new ArrayList<>();
            for (Pattern link : List.of(INLINE_LINK, REFERENCE_LINK)) {
                Matcher matcher = link.matcher(prose);
                while (matcher.find()) {
                    targets.add(matcher.group(1));
                }
            }
            for (String target : targets) {
                if (target.matches("(?i)(https?|mailto):.*")) {
                    continue;
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no file " + resolved + ")");
                    continue;
                }
                if (hash < 0) {
                    continue;
                }
                String anchor = target.substring(hash + 1);
                if (!Files.isRegularFile(resolved) || !resolved.getFileName().toString().endsWith(".md")) {
                    broken.add(page + ": " + target + " (an anchor into a file that is not Markdown)");
                    continue;
                }
                Set<String> anchors = anchorsByFile.computeIfAbsent(resolved.toAbsolutePath().normalize(), ReadmeTest::anchorsOf);
                if (!anchors.contains(anchor)) {
                    broken.add(page + ": " + target + " (no heading #" + anchor + " in " + file + "; there are " + anchors + ")");
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
        assertTrue(checked >= 20, "expected the index's and the chapters' links, found " + checked);
    }

    /** The page without its fenced blocks, and with each code span reduced to a placeholder (links are not read there). */
    private static String prose(String page) {
        StringBuilder prose = new StringBuilder();
        boolean fenced = false;
        for (String line : page.split("\n", -1)) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                prose.append('\n');
                continue;
            }
            prose.append(fenced ? "" : INLINE_CODE.matcher(line).replaceAll("code")).append('\n');
        }
        return prose.toString();
    }

    /** The GitHub-style anchors of a Markdown file's headings, "-1", "-2" appended to repeats as GitHub does. */
    private static Set<String> anchorsOf(Path markdown) {
        String text;
        try {
            text = Files.readString(markdown);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : text.split("\n", -1)) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (fenced || !heading.matches()) {
                continue;
            }
            String slug = slug(heading.group(1));
            int repeat = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
        }
        return anchors;
    }

    /**
     * GitHub's anchor for a heading: its text (a link's text, not its target), lower case, without any character but
     * letters, digits, spaces, '-' and '_', each space a '-'.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    @Test
    void slugsAreGitHubs() {
        assertEquals("start-up", slug("Start-up"));
        assertEquals("jdk-and-runtime-mode", slug("JDK and runtime mode"));
        assertEquals("iterators-async-for-async-with", slug("Iterators, `async for`, `async with`"));
        assertEquals("java--python-await-a-java-future", slug("Java → Python: `await` a Java future"));
        assertEquals("1-what-await-does-under-the-hood", slug("1. What `await` does under the hood"));
    }
}
