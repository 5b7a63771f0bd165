/** What services that keep a queue in their PostgreSQL database share about it. */
package org.ossnet.service.jdbc;
