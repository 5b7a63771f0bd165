package org.ossnet.signing.signature;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ossnet.signing.auth.Role;

/** What the publisher signs, each named as in its URL and audit entry, and the role needed to have it signed. */
enum DocumentKind {
    SNAPSHOT("snapshot", Role.SIGN_SNAPSHOT),
    REGION_AUTHORITY("region-authority", Role.SIGN_REGION_AUTHORITY),
    REVOCATION_LIST("revocation-list", Role.SIGN_REVOCATION_LIST);

    private final String urlName;
    private final Role role;

    DocumentKind(String urlName, Role role) {
        this.urlName = urlName;
        this.role = role;
    }

    String urlName() {
        return urlName;
    }

    Role role() {
        return role;
    }

    static Optional<DocumentKind> fromUrlName(String name) {
        return Arrays.stream(values()).filter(k -> k.urlName.equals(name)).findFirst();
    }

    static String urlNames() {
        return Arrays.stream(values()).map(DocumentKind::urlName).collect(Collectors.joining(", "));
    }
}
