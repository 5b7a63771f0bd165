package org.ossnet.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.ossnet.core.testing.Await;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code ossnet seed --status-file} wrote (docs/CLI.md, *Seeding*): the seeder's exact byte counts.
 *
 * @param updated when it was written
 * @param swarms swarms seeded
 * @param uploadedBytes block bytes sent to peers
 * @param httpBodyBytes HTTP response body bytes sent
 */
record SeedStatus(Instant updated, int swarms, long uploadedBytes, long httpBodyBytes) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Every byte of data the seeder sent: to peers and over HTTP. */
    long sentBytes() {
        return uploadedBytes + httpBodyBytes;
    }

    static SeedStatus read(Path file) throws IOException {
        return JSON.readValue(Files.readAllBytes(file), SeedStatus.class);
    }

    /** The first status written after {@code after} that satisfies {@code wanted}. */
    static SeedStatus await(Path file, Instant after, Predicate<SeedStatus> wanted, Duration timeout)
            throws InterruptedException {
        SeedStatus[] last = new SeedStatus[1];
        Await.until(
                () -> {
                    try {
                        last[0] = read(file);
                    } catch (NoSuchFileException e) {
                        return false;
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    return last[0].updated().isAfter(after) && wanted.test(last[0]);
                },
                timeout,
                Duration.ofMillis(200),
                () -> "the seeder's status file " + file + " never showed what was awaited; last: " + last[0]);
        return last[0];
    }
}
