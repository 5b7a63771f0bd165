package org.ossnet.agent.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.resolve.Resolved;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;

/** Where each file of a name goes, and which are already there: decided before any swarm is joined. */
class FetchPlanTest {

    private static final OssnetName COLLECTION = OssnetName.parse("ossnet://example.org/dist/stable");

    @TempDir
    Path source;

    @TempDir
    Path out;

    private Snapshot snapshot;

    @BeforeEach
    void publish() throws Exception {
        TreeFixtures.write(source, "README", "read me");
        TreeFixtures.write(source, "pool/a/alpha.deb", "alpha");
        TreeFixtures.write(source, "pool/a/empty", "");
        TreeFixtures.write(source, "pool/b/beta.deb", "beta beta");
        List<SnapshotFile> files = List.of(
                TreeFixtures.entry(source, "README"),
                TreeFixtures.entry(source, "pool/a/alpha.deb"),
                TreeFixtures.entry(source, "pool/a/empty"),
                TreeFixtures.entry(source, "pool/b/beta.deb"));
        Instant now = Instant.now();
        snapshot = new Snapshot(COLLECTION, 1, now, now.plus(1, ChronoUnit.DAYS), Optional.empty(), files);
    }

    private FetchPlan plan(String name) throws Exception {
        return FetchPlan.of(new Resolved(OssnetName.parse(name), snapshot), out);
    }

    @Test
    void putsAFileUnderItsBaseName() throws Exception {
        FetchPlan plan = plan("ossnet://example.org/dist/stable/pool/a/alpha.deb");

        assertThat(plan.files()).singleElement().satisfies(f -> {
            assertThat(f.target()).isEqualTo(out.resolve("alpha.deb").toAbsolutePath());
            assertThat(f.name().format()).isEqualTo("ossnet://example.org/dist/stable/pool/a/alpha.deb");
            assertThat(f.action()).isEqualTo(PlannedFile.Action.DOWNLOAD);
        });
    }

    @Test
    void putsADirectorysFilesUnderTheDirectoryNameWithTheirRelativePaths() throws Exception {
        FetchPlan plan = plan("ossnet://example.org/dist/stable/pool/");

        assertThat(plan.files())
                .extracting(f -> out.toAbsolutePath().relativize(f.target()).toString())
                .containsExactly("pool/a/alpha.deb", "pool/a/empty", "pool/b/beta.deb");
        assertThat(plan.files())
                .extracting(f -> f.file().path().path())
                .containsExactly("pool/a/alpha.deb", "pool/a/empty", "pool/b/beta.deb");
        assertThat(plan.files().get(2).name().format()).isEqualTo("ossnet://example.org/dist/stable/pool/b/beta.deb");
        assertThat(plan.with(PlannedFile.Action.CREATE_EMPTY)).hasSize(1);
        assertThat(plan.totalBytes()).isEqualTo(5 + 9);
    }

    @Test
    void putsTheWholeCollectionUnderItsLastSegment() throws Exception {
        FetchPlan plan = plan("ossnet://example.org/dist/stable");

        assertThat(plan.files())
                .extracting(f -> out.toAbsolutePath().relativize(f.target()).toString())
                .containsExactly(
                        "stable/README", "stable/pool/a/alpha.deb", "stable/pool/a/empty", "stable/pool/b/beta.deb");
    }

    @Test
    void skipsOnlyFilesWhoseSha256Matches() throws Exception {
        TreeFixtures.write(out, "pool/a/alpha.deb", "alpha");
        TreeFixtures.write(out, "pool/b/beta.deb", "beta BETA");
        TreeFixtures.write(out, "pool/a/empty", "");

        FetchPlan plan = plan("ossnet://example.org/dist/stable/pool");

        assertThat(plan.files())
                .extracting(PlannedFile::action)
                .containsExactly(PlannedFile.Action.SKIP, PlannedFile.Action.SKIP, PlannedFile.Action.DOWNLOAD);
    }

    @Test
    void refusesToWriteThroughASymbolicLinkInsideTheOutputDirectory() throws Exception {
        Files.createDirectories(out.resolve("pool"));
        Files.createSymbolicLink(out.resolve("pool/a"), source);

        assertThatThrownBy(() -> plan("ossnet://example.org/dist/stable/pool"))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("symbolic link");
    }
}
