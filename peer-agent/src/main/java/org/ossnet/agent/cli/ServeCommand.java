package org.ossnet.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ossnet serve DIR}: serves a published tree over plain HTTP as the origin of web seeds and Metalinks. */
@Command(
        addMethodSubcommands = false,
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve DIR read-only over HTTP (GET/HEAD, byte ranges) until interrupted.",
            "Torrents list it as a web seed and Metalinks as an HTTP source."
        })
final class ServeCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 8090;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory tree to serve.")
    Path root;

    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 or :: for all).",
            defaultValue = "127.0.0.1")
    String bind;

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "The port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + DEFAULT_PORT)
    int port;

    @Option(names = "--quiet", description = "Do not write access log lines to standard error.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(root)) {
            err.println("ossnet serve: " + root + " is not a directory");
            return ExitCodes.BAD_INPUT;
        }
        if (port < 0 || port > 65_535) {
            err.println("ossnet serve: --port must be between 0 and 65535: " + port);
            return ExitCodes.USAGE;
        }
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(bind), port);
        } catch (UnknownHostException e) {
            err.println("ossnet serve: unknown --bind address: " + bind);
            return ExitCodes.USAGE;
        }
        OriginConfig config = OriginConfig.defaults().withAccessLog(err::println);
        try (HttpFileServer server = HttpFileServer.start(root, address, quiet ? config.quiet() : config)) {
            out.println("serving " + root.toAbsolutePath().normalize() + " at " + server.baseUri());
            out.flush();
            return runUntilStopped(server);
        } catch (BindException e) {
            err.println("ossnet serve: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("ossnet serve: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    /**
     * Waits until a signal or an interrupt stops the server. On SIGINT or SIGTERM the shutdown hook closes the server
     * and the JVM then exits with 130 or 143 as it does for any signal; an interrupt (how tests stop it) returns 0.
     */
    private static int runUntilStopped(HttpFileServer server) {
        Thread hook = new Thread(server::close, "ossnet-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean interrupted = false;
        try {
            server.awaitClose();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        // Closed before the interrupt is restored, so the close can still wait for connections to finish.
        server.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down, which is how we got here; the hook has done its work.
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }
}
