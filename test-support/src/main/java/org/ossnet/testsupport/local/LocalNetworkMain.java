package org.ossnet.testsupport.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The command line of {@code ./ossnet local}: start, print what to try, run until a signal. */
final class LocalNetworkMain {

    private LocalNetworkMain() {}

    static void run(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(LocalNetworkOptions.USAGE);
            return;
        }
        Path repository =
                Path.of(System.getProperty("ossnet.repo", ".")).toAbsolutePath().normalize();
        LocalNetwork network;
        try {
            LocalNetworkOptions options = LocalNetworkOptions.parse(args, repository);
            // 127 s measured with other builds sharing the 2 cores; about 60 s reported on a quieter machine.
            System.out.println("Starting PostgreSQL, the four OSSNET services and the demo origin; this takes one to"
                    + " two minutes ...");
            network = LocalNetwork.start(options, StartupProgress.printingTo(System.out));
        } catch (IllegalArgumentException e) {
            System.err.println("ossnet local: " + e.getMessage());
            System.err.print(LocalNetworkOptions.USAGE);
            System.exit(2);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("ossnet local: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping the OSSNET services and PostgreSQL"
                                    + (network.savesStartCaches()
                                            ? " (this first run also saves the services' start-up caches, which"
                                                    + " takes up to a minute) ..."
                                            : " ..."));
                            network.close();
                            System.out.println("Stopped.");
                        },
                        "ossnet-local-stop"));
        printBanner(network);
        while (true) {
            Thread.sleep(1000);
            String dead = network.deadService();
            if (dead != null && !network.isClosed()) {
                System.err.println("ossnet local: " + dead);
                System.exit(1);
            }
        }
    }

    private static void printBanner(LocalNetwork network) {
        System.out.println();
        System.out.println("OSSNET is running locally:");
        for (ServiceKind kind : ServiceKind.values()) {
            System.out.printf("  %-16s %s%n", kind.module(), network.url(kind));
        }
        System.out.printf("  %-16s %s%n", "origin (seed)", network.originUrl());
        System.out.printf("  %-16s %s%n", "stats dashboard", network.statsDashboardUrl());
        System.out.println();
        System.out.println(
                "The sample tree " + network.envFile().resolveSibling("demo") + " is published as " + network.demo());
        System.out.println("Client settings (URLs, OSSNET_DEMO, OSSNET_TOKEN, and OSSNET_HOME: a client home for");
        System.out.println("this run's publisher key) are in " + network.envFile() + ".");
        System.out.println("Try:");
        System.out.println("  set -a; . " + network.envFile() + "; set +a");
        System.out.println("  ./ossnet ls $OSSNET_DEMO/");
        System.out.println("  ./ossnet verify " + network.envFile().resolveSibling("demo") + " $OSSNET_DEMO/");
        System.out.println("  ./ossnet get $OSSNET_DEMO/images/demo-24MiB.img -o /tmp");
        System.out.println("  curl $OSSNET_TRACKER_URL/.well-known/ossnet.json");
        System.out.println("  curl $OSSNET_TRACKER_URL/ns/demo/README.txt");
        System.out.println("Service logs are in " + network.envFile().resolveSibling("logs") + ".");
        System.out.println("Press Ctrl-C to stop.");
    }
}
