/** Resolves an {@code ossnet://} name to the verified snapshot that holds it, pinning keys on first use. */
package org.ossnet.agent.resolve;
