package org.ossnet.signing.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ossnet.signing.system.SigningProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The configured clients, looked up by the SHA-256 of the bearer token they present. */
@Component
class ClientRegistry {

    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final List<Entry> entries;

    ClientRegistry(SigningProperties properties) {
        List<Entry> list = new ArrayList<>();
        for (Map.Entry<String, SigningProperties.Client> client :
                properties.clients().entrySet()) {
            String hash = client.getValue().tokenSha256();
            if (hash == null || !SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalStateException("ossnet.signing.clients." + client.getKey()
                        + ".token-sha256 must be 64 hex digits: the SHA-256 of the client's bearer token");
            }
            byte[] digest = HexFormat.of().parseHex(hash);
            if (list.stream().anyMatch(e -> MessageDigest.isEqual(e.tokenSha256(), digest))) {
                throw new IllegalStateException(
                        "ossnet.signing.clients." + client.getKey() + " shares its token with another client");
            }
            list.add(new Entry(
                    digest, new Caller(client.getKey(), client.getValue().roles())));
        }
        this.entries = List.copyOf(list);
        if (entries.isEmpty()) {
            log.warn("No clients are configured under ossnet.signing.clients: nothing can be signed");
        } else {
            log.info(
                    "Accepting {} configured clients: {}",
                    entries.size(),
                    entries.stream().map(e -> e.caller().name()).sorted().toList());
        }
    }

    /** The caller whose token this is, if any. */
    Optional<Caller> authenticate(String token) {
        byte[] digest = sha256(token);
        Caller found = null;
        // Every entry is compared, in constant time, so timing says nothing about which hash came close.
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.tokenSha256(), digest)) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private record Entry(byte[] tokenSha256, Caller caller) {}
}
