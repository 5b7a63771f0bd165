package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.name.OssnetName;
import org.ossnet.testsupport.local.LocalNetwork;

/**
 * {@code ossnet get}, the real jar, fetches the whole demo collection — several files, one swarm each, plus an empty
 * file that has none — from the local network's origin ({@code ossnet seed}, also the web seed) found through the
 * real tracker; a second run finds everything in place and downloads nothing; after one file is deleted, a third run
 * fetches just that file again. On the shared network: it only reads the demo, and its one seeding run stops by itself.
 */
@ExtendWith(SharedNetwork.class)
class GetDirectoryIT {

    static final List<String> ALL_FILES =
            List.of("README.txt", "docs/empty.txt", "docs/guide/getting started.md", "images/demo-24MiB.img");

    @TempDir
    Path work;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void getsAWholeCollectionThenSkipsWhatIsInPlaceAndRefetchesADeletedFile(LocalNetwork network) throws Exception {
        Path published = network.demoTree();
        OssnetName demo = OssnetName.parse(network.demo().toString());
        Path downloads = Files.createDirectories(work.resolve("downloads"));
        Agent client = new Agent(Files.createDirectories(work.resolve("client")), Map.of());
        String[] get = {
            "get",
            demo.format(),
            "-o",
            downloads.toString(),
            "--bind",
            "127.0.0.1",
            "--timeout",
            "2m",
            "--max-active",
            "2",
            "--progress",
            "lines"
        };

        Agent.Result first = client.run(get);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        for (String file : ALL_FILES) {
            Path fetched = downloads.resolve("demo").resolve(file);
            assertThat(GetIT.sha256(fetched)).as(file).isEqualTo(GetIT.sha256(published.resolve(file)));
        }
        assertThat(first.out())
                .contains("4 files: 3 downloaded, 0 skipped (already there), 1 created empty, 0 failed")
                .contains("files 4/4")
                .contains("uploaded 0 bytes");
        try (var walk = Files.walk(downloads)) {
            assertThat(walk.map(Path::toString)).noneMatch(p -> p.contains(".ossnet-"));
        }

        Agent.Result second = client.run(get);

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out())
                .contains("4 files: 0 downloaded, 4 skipped (already there), 0 created empty, 0 failed");

        Path deleted = downloads.resolve("demo/docs/guide/getting started.md");
        Files.delete(deleted);

        Agent.Result third = client.run(get);

        assertThat(third.exitCode()).as(third.toString()).isZero();
        assertThat(third.out())
                .contains("4 files: 1 downloaded, 3 skipped (already there), 0 created empty, 0 failed")
                .contains(deleted.toString());
        assertThat(GetIT.sha256(deleted)).isEqualTo(GetIT.sha256(published.resolve("docs/guide/getting started.md")));

        // With --seed-time, files already in place are opened for seeding and announced, then stopped.
        List<String> seeding = new ArrayList<>(List.of(get));
        seeding.addAll(List.of("--seed-time", "2s", "--allow-upload", "127.0.0.0/8"));

        Agent.Result fourth = client.run(seeding.toArray(String[]::new));

        assertThat(fourth.exitCode()).as(fourth.toString()).isZero();
        assertThat(fourth.out()).contains("seeding for 2 s").contains("4 skipped (already there)");
        assertThat(fourth.err()).doesNotContain("could not be seeded");
    }
}
