package org.ossnet.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.MetainfoException;
import org.ossnet.core.torrent.TorrentBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ossnet torrent FILE}: writes the single-file BitTorrent v1 metainfo OSSNET uses as a file's swarm id. */
@Command(
        addMethodSubcommands = false,
        name = "torrent",
        mixinStandardHelpOptions = true,
        description = "Build a single-file .torrent from FILE and print its info-hash and magnet link.")
final class TorrentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to describe.")
    Path file;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT",
            description = "Where to write the torrent (default: FILE.torrent).")
    Path output;

    @Option(names = "--announce", paramLabel = "URL", description = "A tracker announce URL; repeat for more.")
    List<String> announce = new ArrayList<>();

    @Option(
            names = "--web-seed",
            paramLabel = "URL",
            description = "An HTTP source of the file (BEP 19); repeat for more.")
    List<String> webSeeds = new ArrayList<>();

    @Option(
            names = "--piece-length",
            paramLabel = "BYTES",
            description = "Piece length (default: chosen from the size).")
    Integer pieceLength;

    @Option(names = "--private", description = "Set the private flag: peers only from the tracker.")
    boolean privateFlag;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("ossnet torrent: " + file + " is not a regular file");
            return ExitCodes.BAD_INPUT;
        }
        Path target = output != null ? output : file.resolveSibling(file.getFileName() + ".torrent");
        try {
            TorrentBuilder builder =
                    TorrentBuilder.forFile(file).privateFlag(privateFlag).createdBy("ossnet");
            if (pieceLength != null) {
                builder.pieceLength(pieceLength);
            }
            announce.forEach(builder::announce);
            webSeeds.forEach(builder::webSeed);
            Metainfo metainfo = builder.build();
            // Write beside the target and rename, so a failure never leaves half a torrent behind.
            Path absolute = target.toAbsolutePath();
            Path temporary = Files.createTempFile(absolute.getParent(), ".ossnet-torrent-", ".tmp");
            try {
                Files.write(temporary, metainfo.toBytes());
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            out.println("wrote " + target);
            out.println("info-hash " + metainfo.infoHash().toHex());
            out.println("magnet    " + metainfo.toMagnetLink().toUri());
            return ExitCodes.OK;
        } catch (MetainfoException | IllegalArgumentException e) {
            err.println("ossnet torrent: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("ossnet torrent: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
