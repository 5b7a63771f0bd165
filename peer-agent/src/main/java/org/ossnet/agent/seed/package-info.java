/** {@code ossnet seed}: which files of a verified snapshot a local tree holds intact, and their swarms kept seeded. */
package org.ossnet.agent.seed;
