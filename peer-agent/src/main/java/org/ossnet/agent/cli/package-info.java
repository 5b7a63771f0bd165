/** The {@code ossnet} command line: one picocli command per subcommand, and the exit codes. */
package org.ossnet.agent.cli;
