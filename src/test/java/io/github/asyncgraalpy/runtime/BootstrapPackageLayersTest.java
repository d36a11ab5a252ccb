package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bootstrap package's modules form layers, as {@code ArchitectureTest} makes the Java packages do: no module
 * imports one that imports it back, however far round and wherever the import stands (in a function's body too), and
 * each loads after what it imports ({@link BootstrapSources#MODULES}). Read with Python's {@code ast}, not run.
 */
@Timeout(120)
class BootstrapPackageLayersTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static final String IMPORTS = String.join("\n",
            "import ast",
            "",
            "def package_imports(modules):",
            "    '''Each module of the package by name, with the modules of the package it imports anywhere in it; a name",
            "    imported from the package itself (``from asyncgraalpy import JavaError``) is an import of __init__.'''",
            "    names = {str(name) for name, _ in modules}",
            "    graph = {}",
            "    for name, source in modules:",
            "        name, imported = str(name), set()",
            "        for node in ast.walk(ast.parse(str(source))):",
            "            if isinstance(node, ast.Import):",
            "                paths = [alias.name.split('.') for alias in node.names]",
            "            elif isinstance(node, ast.ImportFrom):",
            "                path = (['asyncgraalpy'] if node.level else []) + (node.module.split('.') if node.module else [])",
            "                paths = [path] if len(path) != 1 else [path + [alias.name] for alias in node.names]",
            "            else:",
            "                continue",
            "            for path in paths:",
            "                if path[0] == 'asyncgraalpy':",
            "                    imported.add(path[1] if len(path) > 1 and path[1] in names else '__init__')",
            "        imported.discard(name)",
            "        graph[name] = sorted(imported)",
            "    return graph",
            "",
            "def findings(modules):",
            "    '''What is wrong with the package's layers: its import circles, and its modules loaded too early.'''",
            "    graph = package_imports(modules)",
            "    order = [str(name) for name, _ in modules]",
            "    return {'circles': circles(graph), 'loaded_too_early': loaded_too_early(graph, order)}",
            "",
            "def circles(graph):",
            "    def reachable(start):",
            "        seen, todo = set(), list(graph[start])",
            "        while todo:",
            "            node = todo.pop()",
            "            if node not in seen:",
            "                seen.add(node)",
            "                todo.extend(graph.get(node, ()))",
            "        return seen",
            "    reach = {node: reachable(node) for node in graph}",
            "    found = []",
            "    for node in sorted(graph):",
            "        if node in reach[node]:",
            "            circle = sorted(other for other in reach[node] if node in reach.get(other, ()))",
            "            edges = [f'{a} -> {b}' for a in circle for b in graph[a] if b in circle]",
            "            text = 'import circle among ' + ', '.join(circle) + ': ' + ', '.join(edges)",
            "            if text not in found:",
            "                found.append(text)",
            "    return found",
            "",
            "def loaded_too_early(graph, order):",
            "    return [f'{name} imports {other}, which loads after it' for name in order for other in graph[name]",
            "            if order.index(other) > order.index(name)]");

    /** Every module parsed once, for all the checks: parsing is most of their cost. */
    private static Value layers;

    @BeforeAll
    static void readThePackage() {
        layers = python.context().call(python.run(IMPORTS, "findings"), BootstrapSources.read());
    }

    @Test
    void noModuleImportsOneThatImportsItBack() {
        assertEquals(List.of(), findings("circles"), "the bootstrap package's modules must form layers");
    }

    @Test
    void eachModuleLoadsAfterTheModulesItImports() {
        assertEquals(List.of(), findings("loaded_too_early"), "BootstrapSources.MODULES must list a module after what it imports");
    }

    @Test
    void everyModuleOfThePackageIsLoaded() throws IOException {
        // The sources, not the class path: a module deleted from them may linger in target/classes.
        Path folder = Path.of("src/main/resources", BootstrapSources.class.getPackageName().replace('.', '/'), BootstrapSources.FOLDER);
        try (Stream<Path> files = Files.list(folder)) {
            List<String> modules = files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(".py"))
                    .map(file -> file.substring(0, file.length() - ".py".length())).sorted().toList();
            assertEquals(modules, BootstrapSources.MODULES.stream().sorted().toList(), "a module BootstrapSources does not list is never loaded");
        }
    }

    private static List<String> findings(String check) {
        Value found = layers.getHashValue(check);
        List<String> strings = new ArrayList<>();
        for (long i = 0; i < found.getArraySize(); i++) {
            strings.add(found.getArrayElement(i).asString());
        }
        return strings;
    }
}
