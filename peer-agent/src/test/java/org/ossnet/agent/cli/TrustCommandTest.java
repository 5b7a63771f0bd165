package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.resolve.Fingerprints;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.core.pgp.SigningKey;

class TrustCommandTest {

    @TempDir
    Path home;

    private TrackerFixture tracker;

    @BeforeEach
    void startTracker() throws Exception {
        tracker = TrackerFixture.start();
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    private OssnetCliTest.Result trust(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "trust";
        all[1] = args[0];
        all[2] = "--home=" + home;
        System.arraycopy(args, 1, all, 3, args.length - 1);
        return OssnetCliTest.runWith(Map.of(), all);
    }

    @Test
    void pinsAKeyFromAFileListsItAndRemovesIt() throws Exception {
        SigningKey key = SigningKey.generate("Example <keys@example.org>");
        Path file =
                Files.writeString(home.resolve("example.asc"), key.publicKey().armored());

        OssnetCliTest.Result added = trust("add", "Example.org", "--key", file.toString());
        assertThat(added.exitCode()).as(added.err()).isEqualTo(ExitCodes.OK);
        assertThat(home.resolve("config/trust/example.org.asc")).exists();

        assertThat(trust("list").out())
                .contains("example.org  " + Fingerprints.grouped(key.fingerprint()) + "  [Example <keys@example.org>]");

        assertThat(trust("remove", "example.org").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(trust("list").out()).isEmpty();
        assertThat(trust("remove", "example.org").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void pinsTheDiscoveredKeyOnlyWhenItsFingerprintMatches() {
        String fingerprint = Fingerprints.grouped(tracker.key().fingerprint()).toLowerCase();
        String other = "0".repeat(40);

        OssnetCliTest.Result refused = trust("add", tracker.publisher(), "--fingerprint", other);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.UNKNOWN_KEY);
        assertThat(home.resolve("config/trust/" + tracker.publisher() + ".asc")).doesNotExist();

        OssnetCliTest.Result added = trust("add", tracker.publisher(), "--fingerprint", fingerprint);
        assertThat(added.exitCode()).as(added.err()).isEqualTo(ExitCodes.OK);
        assertThat(home.resolve("config/trust/" + tracker.publisher() + ".asc")).exists();
    }

    @Test
    void refusesAFileThatIsNotAKeyAndAMalformedFingerprint() throws Exception {
        Path file = Files.writeString(home.resolve("junk.asc"), "not a key");
        assertThat(trust("add", "example.org", "--key", file.toString()).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(trust("add", "example.org", "--fingerprint", "1234").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(trust("add", "example.org").exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
