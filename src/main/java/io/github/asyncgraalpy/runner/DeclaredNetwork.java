package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The network a pair declares in its script's leading comment lines, the one place both GraalPy columns read it from
 * (CPython's column needs no grant):
 *
 * <pre>{@code
 * # network: listen 127.0.0.1:0; connect 127.0.0.1
 * }</pre>
 *
 * <p>Clauses separated by {@code ;}, each {@code listen} or {@code connect} and endpoints separated by {@code ,} in
 * {@link NetworkPolicy}'s syntax: the grant is exactly that policy, nothing more. A script without the line gets no
 * network. Only the comment lines at the top count (a shebang among them), so a {@code # network:} further down,
 * in code or a docstring, grants nothing.
 */
final class DeclaredNetwork {

    static final String PREFIX = "# network:";

    private DeclaredNetwork() {}

    /**
     * The policy {@code source}'s leading comment lines declare; empty when they declare none.
     *
     * @throws IllegalArgumentException naming {@code scriptName} and what is wrong: a clause neither {@code listen} nor
     *     {@code connect}, one without endpoints, an endpoint the policy refuses, an empty or second declaration
     */
    static Optional<NetworkPolicy> in(String source, String scriptName) {
        String declaration = null;
        for (String line : source.lines().toList()) {
            String text = line.strip();
            if (!text.startsWith("#")) {
                break; // the leading comment lines end here
            }
            if (text.startsWith(PREFIX)) {
                if (declaration != null) {
                    throw bad(scriptName, text, "a second '" + PREFIX + "' line; write all of it on one");
                }
                declaration = text;
            }
        }
        return declaration == null ? Optional.empty() : Optional.of(parse(declaration, scriptName));
    }

    private static NetworkPolicy parse(String declaration, String scriptName) {
        List<String> listen = new ArrayList<>();
        List<String> connect = new ArrayList<>();
        for (String clause : declaration.substring(PREFIX.length()).split(";")) {
            String[] verbAndEndpoints = clause.strip().split("\\s+", 2);
            String verb = verbAndEndpoints[0];
            if (verb.isEmpty()) {
                continue; // an empty clause (a trailing ';') says nothing
            }
            List<String> endpoints = verbAndEndpoints.length < 2 ? List.of()
                    : List.of(verbAndEndpoints[1].split(",")).stream().map(String::strip).filter(endpoint -> !endpoint.isEmpty()).toList();
            if (endpoints.isEmpty()) {
                throw bad(scriptName, declaration, "'" + verb + "' names no endpoint");
            }
            switch (verb) {
                case "listen" -> listen.addAll(endpoints);
                case "connect" -> connect.addAll(endpoints);
                default -> throw bad(scriptName, declaration, "'" + verb + "' is neither 'listen' nor 'connect'");
            }
        }
        if (listen.isEmpty() && connect.isEmpty()) {
            throw bad(scriptName, declaration, "it declares no endpoint; leave the line out for no network");
        }
        try {
            return NetworkPolicy.allowing(connect.toArray(String[]::new)).listeningOn(listen.toArray(String[]::new));
        } catch (IllegalArgumentException refused) { // the library's own words for what is wrong with an endpoint
            throw bad(scriptName, declaration, refused.getMessage());
        }
    }

    private static IllegalArgumentException bad(String scriptName, String declaration, String why) {
        return new IllegalArgumentException(scriptName + " declares '" + declaration + "': " + why
                + " (write '" + PREFIX + " listen ADDRESS:PORT; connect HOST[:PORT]', see docs/runner.md)");
    }
}
