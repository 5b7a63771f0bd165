package org.ossnet.agent.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the agent's version from the jar manifest (the Maven project version). */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = OssnetCli.class.getPackage().getImplementationVersion();
        return new String[] {"ossnet " + (version == null ? "(development build)" : version)};
    }
}
