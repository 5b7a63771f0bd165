/** A real PostgreSQL for tests and the local network: a container where Docker runs, else an embedded server. */
package org.ossnet.testsupport.postgres;
