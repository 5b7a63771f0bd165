package org.ossnet.agent.storage;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.ossnet.core.torrent.Info;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PieceHashes;

/** Prints who computes the agent's digests in this JVM, for {@link DigestsTest}'s runs of a fresh JVM. */
final class DigestsProbe {

    private DigestsProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("budget")) {
            // Which digest each size gets in a fresh JVM, and whether OpenSSL was looked up by then. The first small
            // digest past the budget starts the binding on another thread, so whether it has ended is not printed.
            long[] sizes = {10 * 1024, Digests.JDK_BUDGET - 10 * 1024, 1, Digests.JDK_BUDGET, Digests.JDK_BUDGET + 1, 1
            };
            for (int i = 0; i < sizes.length; i++) {
                String digest =
                        Digests.newDigest("SHA-256", sizes[i]).getClass().getSimpleName();
                System.out.println(sizes[i] + " " + digest + (i == 2 || i == 3 ? "" : " " + Digests.openSslLookedUp()));
            }
            return;
        }
        if (args.length > 0 && args[0].equals("prefix")) {
            // A file of two MiB: whether its SHA-256 looked OpenSSL up when the download's hasher was made, then
            // after the whole file was hashed, and whether that hash is right.
            // (The pieces' hashes are not this hasher's business: no digest of the agent's is made before it.)
            byte[] data = new byte[2 << 20];
            new Random(15).nextBytes(data);
            Info info =
                    new Info("file.bin", data.length, 1 << 20, PieceHashes.of(new byte[2 * InfoHash.LENGTH]), false);
            Path path = Files.createTempFile("prefix", ".bin");
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(data));
                PrefixHasher hasher = new PrefixHasher(info, piece -> true, () -> channel);
                System.out.println("made " + Digests.openSslLookedUp());
                byte[] hash = hasher.finish();
                System.out.println("hashed " + Digests.openSslLookedUp() + " "
                        + Arrays.equals(
                                hash, MessageDigest.getInstance("SHA-256").digest(data)));
            } finally {
                Files.delete(path);
            }
            return;
        }
        System.out.println(Digests.implementation());
        System.out.println(
                java.util.HexFormat.of().formatHex(Digests.newDigest("SHA-1").digest(new byte[0])));
    }
}
