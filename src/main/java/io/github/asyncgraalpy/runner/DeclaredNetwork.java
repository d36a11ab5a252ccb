package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.NetworkPolicy;
import io.github.asyncgraalpy.runtime.ServerIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network a pair declares in its script's leading comment lines, the one place both GraalPy columns read it from
 * (CPython's column needs no grant):
 *
 * <pre>{@code
 * # network: listen 127.0.0.1:0; connect 127.0.0.1
 * }</pre>
 *
 * <p>Clauses separated by {@code ;}, each {@code listen} or {@code connect} and endpoints separated by {@code ,} in
 * {@link NetworkPolicy}'s syntax: the grant is exactly that policy, nothing more. A clause {@code identity
 * NAME=FILE.pem} adds a TLS server's certificate and key that the pair ships beside its script (one PEM file: the
 * {@code CERTIFICATE} blocks and one {@code PRIVATE KEY} block), granted as {@link ServerIdentity#ofPem} under {@code
 * NAME} ({@code /identities/NAME/...} in Python). A script without the line gets no
 * network. Only the comment lines at the top count (a shebang among them), so a {@code # network:} further down,
 * in code or a docstring, grants nothing.
 */
final class DeclaredNetwork {

    static final String PREFIX = "# network:";

    /** A file beside the script: a plain name, so a declaration cannot reach elsewhere on the host. */
    private static final Pattern SHIPPED_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.pem");
    private static final Pattern CERTIFICATE = Pattern.compile("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----");
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----");

    private DeclaredNetwork() {}

    /** {@link #in(String, String, Path)} for a script in the working directory. */
    static Optional<NetworkPolicy> in(String source, String scriptName) {
        return in(source, scriptName, Path.of(""));
    }

    /**
     * The policy {@code source}'s leading comment lines declare; empty when they declare none.
     *
     * @param scriptFolder where the script is: an {@code identity} clause's file is read from there
     * @throws IllegalArgumentException naming {@code scriptName} and what is wrong: a clause neither {@code listen},
     *     {@code connect} nor {@code identity}, one without endpoints, an endpoint the policy refuses, an identity
     *     whose file is missing or no certificate and key, an empty or second declaration
     */
    static Optional<NetworkPolicy> in(String source, String scriptName, Path scriptFolder) {
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
        return declaration == null ? Optional.empty() : Optional.of(parse(declaration, scriptName, scriptFolder));
    }

    private static NetworkPolicy parse(String declaration, String scriptName, Path scriptFolder) {
        List<String> listen = new ArrayList<>();
        List<String> connect = new ArrayList<>();
        List<String> identities = new ArrayList<>();
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
                case "identity" -> identities.addAll(endpoints);
                default -> throw bad(scriptName, declaration, "'" + verb + "' is neither 'listen', 'connect' nor 'identity'");
            }
        }
        if (listen.isEmpty() && connect.isEmpty()) {
            throw bad(scriptName, declaration, "it declares no endpoint; leave the line out for no network");
        }
        try {
            NetworkPolicy policy = NetworkPolicy.allowing(connect.toArray(String[]::new)).listeningOn(listen.toArray(String[]::new));
            for (String identity : identities) {
                policy = policy.servingTlsAs(shippedIdentity(identity, scriptFolder));
            }
            return policy;
        } catch (IllegalArgumentException refused) { // the library's own words for what is wrong with an endpoint or key
            throw bad(scriptName, declaration, refused.getMessage());
        }
    }

    /**
     * {@code NAME=FILE.pem}: the certificates and key in that file beside the script, as {@link ServerIdentity#ofPem}.
     *
     * @throws IllegalArgumentException saying why, for {@link #parse} to name the script and its declaration
     */
    private static ServerIdentity shippedIdentity(String clause, Path scriptFolder) {
        String[] nameAndFile = clause.split("=", 2);
        if (nameAndFile.length < 2 || !SHIPPED_FILE.matcher(nameAndFile[1].strip()).matches()) {
            throw new IllegalArgumentException("identity '" + clause + "' is not NAME=FILE.pem with FILE a file beside the script");
        }
        Path file = scriptFolder.resolve(nameAndFile[1].strip());
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException unreadable) {
            throw new IllegalArgumentException("identity '" + clause + "': cannot read " + file + " (" + unreadable + ")", unreadable);
        }
        StringBuilder chain = new StringBuilder();
        for (Matcher certificate = CERTIFICATE.matcher(pem); certificate.find(); ) {
            chain.append(certificate.group()).append('\n');
        }
        Matcher key = PRIVATE_KEY.matcher(pem);
        return ServerIdentity.ofPem(nameAndFile[0].strip(), chain.toString(), key.find() ? key.group() + "\n" : "");
    }

    private static IllegalArgumentException bad(String scriptName, String declaration, String why) {
        return new IllegalArgumentException(scriptName + " declares '" + declaration + "': " + why
                + " (write '" + PREFIX + " listen ADDRESS:PORT; connect HOST[:PORT]; identity NAME=FILE.pem', see docs/runner.md)");
    }
}
