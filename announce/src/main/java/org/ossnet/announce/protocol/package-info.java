/** The announce wire: query and batch decoders that know only bytes and limits, message records, bencoded replies. */
package org.ossnet.announce.protocol;
