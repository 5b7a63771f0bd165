/** Compares a local tree with the files a signed snapshot lists: missing, extra and differing files. */
package org.ossnet.agent.compare;
