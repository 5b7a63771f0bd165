/** Where the agent keeps its files (trusted keys, hash cache, last-seen versions) and how it writes them safely. */
package org.ossnet.agent.home;
