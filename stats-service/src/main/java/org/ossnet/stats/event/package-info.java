/** Ingestion of download events: validation, idempotent storage with its rollup, partitions and the pipeline's lag. */
package org.ossnet.stats.event;
