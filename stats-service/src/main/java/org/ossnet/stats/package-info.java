/** The download statistics store: idempotent ingestion, rollups and queries. */
package org.ossnet.stats;
