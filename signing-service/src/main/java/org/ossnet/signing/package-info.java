/** The publisher's keys: signs snapshots, region delegations and revocation lists; the mirror CA; the audit log. */
package org.ossnet.signing;
