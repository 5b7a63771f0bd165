package org.ossnet.agent.cli;

import java.nio.file.Path;
import java.util.function.Function;
import org.ossnet.agent.home.AgentHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The options every command that keeps files or talks to trackers shares. */
@Command(addMethodSubcommands = false)
final class AgentOptions {

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "Keep keys, cache and state under DIR instead of the XDG directories (env OSSNET_HOME).")
    Path home;

    @Option(
            names = "--insecure-http",
            description = "Use plain http for discovery of any host, not only loopback (env OSSNET_INSECURE_HTTP=1).")
    boolean insecureHttp;

    AgentHome home(Function<String, String> env) {
        return AgentHome.resolve(home, env, Path.of(System.getProperty("user.home")));
    }

    boolean insecureHttp(Function<String, String> env) {
        return insecureHttp || "1".equals(env.apply("OSSNET_INSECURE_HTTP"));
    }
}
