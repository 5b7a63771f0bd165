/** QA's queries over the daily rollup: downloads, top files, version adoption and bytes by source, as JSON or CSV. */
package org.ossnet.stats.query;
