package org.ossnet.agent.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.SigningKey;

class TrustStoreTest {

    private static final OpenPgpPublicKey OLD =
            SigningKey.generate("Old <old@example.org>").publicKey();
    private static final OpenPgpPublicKey NEW =
            SigningKey.generate("New <new@example.org>").publicKey();

    @TempDir
    Path dir;

    @Test
    void keepsEveryPinnedKeyOfAPublisherAcrossInstancesOnce() throws Exception {
        new TrustStore(dir).pin("Example.ORG:8443", List.of(OLD));
        new TrustStore(dir).pin("example.org:8443", List.of(NEW, OLD));

        TrustStore store = new TrustStore(dir);
        assertThat(store.keys("example.org:8443")).containsExactly(OLD, NEW);
        assertThat(store.keyringFile("example.org:8443")).isEqualTo(dir.resolve("example.org:8443.asc"));
        assertThat(store.all()).containsOnlyKeys("example.org:8443");
    }

    @Test
    void hasNoKeysForAnUnknownPublisherAndRemovesOnlyWhatIsThere() throws Exception {
        TrustStore store = new TrustStore(dir);
        assertThat(store.keys("example.org")).isEmpty();
        assertThat(store.remove("example.org")).isFalse();

        store.pin("example.org", List.of(OLD));
        assertThat(store.remove("example.org")).isTrue();
        assertThat(store.keys("example.org")).isEmpty();
    }

    @Test
    void refusesADamagedKeyringRatherThanTrustingOnFirstUseAgain() throws Exception {
        Files.writeString(dir.resolve("example.org.asc"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\ngarbage\n");
        assertThatThrownBy(() -> new TrustStore(dir).keys("example.org"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("example.org.asc");
    }

    @Test
    void writesKeyringsThatGpgCanImportAsTheyAre() throws Exception {
        new TrustStore(dir).pin("example.org", List.of(OLD));
        assertThat(Files.readString(dir.resolve("example.org.asc"))).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    }
}
