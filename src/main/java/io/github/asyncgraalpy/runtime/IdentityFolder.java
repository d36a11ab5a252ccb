package io.github.asyncgraalpy.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server identities of a runtime ({@link NetworkPolicy#servingTlsAs}) as files: {@value ServerIdentity#MOUNT}
 * holds a folder per identity with {@code certificate.pem} and {@code key.pem}, read-only, in memory. A runtime with
 * none has no such folder at all, so that its scripts are refused there like anywhere else of the host.
 */
final class IdentityFolder {

    private static final IdentityFolder NONE = new IdentityFolder(Map.of());

    private final Map<String, ServerIdentity> byName;

    private IdentityFolder(Map<String, ServerIdentity> byName) {
        this.byName = byName;
    }

    static IdentityFolder of(List<ServerIdentity> identities) {
        if (identities.isEmpty()) {
            return NONE;
        }
        Map<String, ServerIdentity> byName = new LinkedHashMap<>();
        identities.forEach(identity -> byName.put(identity.name(), identity));
        return new IdentityFolder(Map.copyOf(byName));
    }

    /** True for the folder and everything under it (existing or not), when the runtime has identities. */
    boolean covers(Path absolute) {
        return !byName.isEmpty() && absolute.startsWith(ServerIdentity.MOUNT);
    }

    /** True for {@value ServerIdentity#MOUNT} and the folder of an identity it has. */
    boolean isFolder(Path absolute) {
        return switch (absolute.getNameCount()) {
            case 1 -> true;
            case 2 -> byName.containsKey(absolute.getName(1).toString());
            default -> false;
        };
    }

    /** The bytes of a file of an identity's folder, or null where there is none. */
    byte[] file(Path absolute) {
        if (absolute.getNameCount() != 3) {
            return null;
        }
        ServerIdentity identity = byName.get(absolute.getName(1).toString());
        return identity == null ? null : identity.file(absolute.getName(2).toString());
    }

    /** The names in a folder {@link #isFolder} says is one: the identities, or an identity's two files. */
    List<String> list(Path folder) {
        return folder.getNameCount() == 1 ? byName.keySet().stream().sorted().toList() : ServerIdentity.fileNames();
    }
}
