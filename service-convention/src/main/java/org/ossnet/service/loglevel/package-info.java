/** Changing a running service's log levels over its authenticated API, the same way on every service. */
package org.ossnet.service.loglevel;
