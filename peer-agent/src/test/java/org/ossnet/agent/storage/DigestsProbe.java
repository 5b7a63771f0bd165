package org.ossnet.agent.storage;

/** Prints who computes the agent's digests in this JVM, for {@link DigestsTest}'s runs of a fresh JVM. */
final class DigestsProbe {

    private DigestsProbe() {}

    public static void main(String[] args) {
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
        System.out.println(Digests.implementation());
        System.out.println(
                java.util.HexFormat.of().formatHex(Digests.newDigest("SHA-1").digest(new byte[0])));
    }
}
