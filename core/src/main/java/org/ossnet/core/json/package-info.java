/**
 * The strict JSON every signed document shares: canonical writing (RFC 8785 subset), strict reading with field-named
 * errors, the one timestamp form, and quoting of untrusted text for messages.
 */
package org.ossnet.core.json;
