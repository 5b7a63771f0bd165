package org.ossnet.tracker;

import java.net.URI;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.ossnet.testsupport.signing.SigningFixture;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What a tracker integration test runs against: a fresh database, a signer speaking
 * signing-service's contract, fixed free ports for the main port and the announce listener (so
 * links carry the real URLs) and a bootstrap
 * publisher token. A test class keeps one in a static field, passes {@link #register} to its
 * {@code @DynamicPropertySource} and closes it in {@code @AfterAll}.
 */
public final class TrackerUnderTest implements AutoCloseable {

    /** The bootstrap publisher token the tracker starts with. */
    public static final String TOKEN = "publisher-token-0123456789abcdef0123456789";

    private static final String SIGNING_TOKEN = "signing-token-for-the-tracker";

    private final Database database = TestPostgres.freshDatabase("tracker");
    private final SigningFixture signing = SigningFixture.start(SIGNING_TOKEN);
    private final int port = FreePorts.pick();
    private final int announcePort = FreePorts.pick();

    public Database database() {
        return database;
    }

    public SigningFixture signing() {
        return signing;
    }

    public int port() {
        return port;
    }

    /** The tracker's base URL, which is also its public URL. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The dedicated announce listener's base URL (without {@code /announce}). */
    public URI announceListenerUrl() {
        return URI.create("http://127.0.0.1:" + announcePort);
    }

    /** The name of a collection of this tracker's publisher mounted at {@code mount}. */
    public String collection(String mount) {
        return "ossnet://127.0.0.1:" + port + "/" + mount;
    }

    /** Configures the application under test; add test-specific properties after calling it. */
    public void register(DynamicPropertyRegistry registry) {
        database.registerAsDataSource(registry::add);
        registry.add("server.port", () -> port);
        registry.add("ossnet.tracker.public-url", () -> url().toString());
        registry.add("ossnet.tracker.bootstrap-publisher-token", () -> TOKEN);
        registry.add("ossnet.tracker.signing-url", () -> signing.url().toString());
        registry.add("ossnet.tracker.signing-token", () -> SIGNING_TOKEN);
        // Every interface, like the main port here, so the IPv6 tests reach it at [::1].
        registry.add("ossnet.tracker.announce.bind-address", () -> "::");
        registry.add("ossnet.tracker.announce.port", () -> announcePort);
    }

    @Override
    public void close() {
        signing.close();
    }
}
