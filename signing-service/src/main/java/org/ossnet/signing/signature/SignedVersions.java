package org.ossnet.signing.signature;

import java.security.MessageDigest;
import org.ossnet.service.problem.ApiProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code signed_version} table: a snapshot version is signed only if it is newer than every version signed for
 * its collection, or is the very same document again (a caller retrying). One atomic upsert decides, so two
 * concurrent signings of one collection cannot both pass; plain JDBC because the rule is that one statement.
 */
@Repository
class SignedVersions {

    private final JdbcClient jdbc;

    SignedVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records {@code version} as the newest of {@code collection}, inside the signing transaction.
     *
     * @throws ApiProblem 409 with the member {@code signedVersion} if it is not newer and not the same document
     */
    void claim(String collection, long version, byte[] sha256) {
        boolean newer = jdbc.sql("INSERT INTO signed_version (collection, version, sha256) VALUES (?, ?, ?)"
                        + " ON CONFLICT (collection) DO UPDATE SET version = EXCLUDED.version,"
                        + " sha256 = EXCLUDED.sha256 WHERE signed_version.version < EXCLUDED.version"
                        + " RETURNING version")
                .params(collection, version, sha256)
                .query(Long.class)
                .optional()
                .isPresent();
        if (newer) {
            return;
        }
        Signed signed = jdbc.sql("SELECT version, sha256 FROM signed_version WHERE collection = ?")
                .param(collection)
                .query((rs, row) -> new Signed(rs.getLong("version"), rs.getBytes("sha256")))
                .single();
        if (signed.version() == version && MessageDigest.isEqual(signed.sha256(), sha256)) {
            return;
        }
        throw ApiProblem.conflict("Version " + version + " of " + collection + " is not newer than version "
                        + signed.version() + ", already signed"
                        + (signed.version() == version ? " as another document" : "")
                        + "; versions only rise.")
                .with("signedVersion", signed.version());
    }

    private record Signed(long version, byte[] sha256) {}
}
