/** Detached OpenPGP signatures over documents that authenticated callers submit, each recorded in the audit log. */
package org.ossnet.signing.signature;
