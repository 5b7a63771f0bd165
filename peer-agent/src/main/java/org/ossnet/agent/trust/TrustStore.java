package org.ossnet.agent.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.PgpKeyException;

/**
 * The publisher keys this agent trusts, one keyring per publisher, as apt keeps one per archive.
 *
 * <p>A keyring is {@code <directory>/<publisher>.asc}, for example {@code trust/example.org.asc} or
 * {@code trust/127.0.0.1:8080.asc}: the armored certificates one after the other, which {@code gpg --import}
 * reads as they are. Several keys per publisher let a publisher rotate keys without breaking clients.
 */
public final class TrustStore {

    private static final String SUFFIX = ".asc";
    private static final String BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    private static final String END = "-----END PGP PUBLIC KEY BLOCK-----";

    private final Path directory;

    /** A store kept in {@code directory}, created when the first key is pinned. */
    public TrustStore(Path directory) {
        this.directory = directory;
    }

    /**
     * The publisher's authority in normal form ({@code host[:port]}), as names and keyring files spell it.
     *
     * @throws org.ossnet.core.name.InvalidNameException if it is not a valid host and port
     */
    public static String normalizePublisher(String publisher) {
        OssnetName root = OssnetName.parse("ossnet://" + publisher + "/");
        return root.publisher();
    }

    /** The keyring file of {@code publisher}. */
    public Path keyringFile(String publisher) {
        return directory.resolve(normalizePublisher(publisher) + SUFFIX);
    }

    /**
     * The keys pinned for {@code publisher}; empty if none.
     *
     * @throws IOException if the keyring cannot be read or holds something that is not a valid key, since
     *     silently ignoring a damaged keyring would turn into trust on first use
     */
    public List<OpenPgpPublicKey> keys(String publisher) throws IOException {
        Path file = keyringFile(publisher);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<OpenPgpPublicKey> keys = new ArrayList<>();
        int from = 0;
        while ((from = text.indexOf(BEGIN, from)) >= 0) {
            int end = text.indexOf(END, from);
            if (end < 0) {
                throw new IOException("keyring " + file + " ends inside a key block");
            }
            try {
                keys.add(OpenPgpPublicKey.parse(text.substring(from, end + END.length()) + "\n"));
            } catch (PgpKeyException e) {
                throw new IOException("keyring " + file + " holds an unreadable key: " + e.getMessage(), e);
            }
            from = end + END.length();
        }
        if (keys.isEmpty()) {
            throw new IOException("keyring " + file + " holds no key; remove it with 'ossnet trust remove'");
        }
        return List.copyOf(keys);
    }

    /** Adds {@code keys} to the publisher's keyring (a key already there stays once), written atomically. */
    public void pin(String publisher, Collection<OpenPgpPublicKey> keys) throws IOException {
        Map<String, OpenPgpPublicKey> merged = new LinkedHashMap<>();
        for (OpenPgpPublicKey key : keys(publisher)) {
            merged.put(key.fingerprint(), key);
        }
        for (OpenPgpPublicKey key : keys) {
            merged.putIfAbsent(key.fingerprint(), key);
        }
        StringBuilder text = new StringBuilder();
        for (OpenPgpPublicKey key : merged.values()) {
            text.append(key.armored().strip()).append('\n');
        }
        AtomicFiles.write(keyringFile(publisher), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Forgets every key of {@code publisher}; whether there was any. */
    public boolean remove(String publisher) throws IOException {
        return Files.deleteIfExists(keyringFile(publisher));
    }

    /** Every publisher with a keyring, sorted, with its keys. */
    public Map<String, List<OpenPgpPublicKey>> all() throws IOException {
        Map<String, List<OpenPgpPublicKey>> all = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return all;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX) && !name.startsWith(".")) {
                    String publisher = name.substring(0, name.length() - SUFFIX.length());
                    all.put(publisher, keys(publisher));
                }
            }
        }
        return all;
    }
}
