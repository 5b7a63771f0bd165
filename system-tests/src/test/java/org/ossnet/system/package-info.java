/**
 * End-to-end tests over the real services and agents as processes: most share one local network ({@link
 * org.ossnet.system.SharedNetwork}), the rest start networks of their own.
 */
package org.ossnet.system;
