package org.ossnet.service.auth;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients configured by the SHA-256 of their tokens (from a Kubernetes Secret, say), checked in constant time: every
 * entry is compared, so timing says nothing about which hash came close.
 */
public final class ConfiguredClients implements TokenAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredClients.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final List<Entry> entries;

    private ConfiguredClients(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The clients under {@code prefix} (for example {@code ossnet.signing.clients}), named in error messages; a
     * malformed or shared hash stops the service at start-up rather than locking a client out later.
     */
    public static ConfiguredClients of(String prefix, Map<String, ClientToken> clients) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, ClientToken> client : new TreeMap<>(clients).entrySet()) {
            String hash = client.getValue().tokenSha256();
            if (hash == null || !SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalStateException(prefix + "." + client.getKey()
                        + ".token-sha256 must be 64 hex digits: the SHA-256 of the client's bearer token");
            }
            byte[] digest = HexFormat.of().parseHex(hash);
            if (entries.stream().anyMatch(e -> MessageDigest.isEqual(e.tokenSha256(), digest))) {
                throw new IllegalStateException(
                        prefix + "." + client.getKey() + " shares its token with another client");
            }
            entries.add(new Entry(
                    digest, new ApiCaller(client.getKey(), client.getValue().roles())));
        }
        if (entries.isEmpty()) {
            log.warn("No clients are configured under {}: no configured token is accepted", prefix);
        } else {
            log.info(
                    "Accepting {} configured clients: {}",
                    entries.size(),
                    entries.stream().map(e -> e.caller().name()).toList());
        }
        return new ConfiguredClients(entries);
    }

    @Override
    public Optional<ApiCaller> authenticate(String token) {
        byte[] digest = TokenDigest.sha256(token);
        ApiCaller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.tokenSha256(), digest)) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    private record Entry(byte[] tokenSha256, ApiCaller caller) {}
}
