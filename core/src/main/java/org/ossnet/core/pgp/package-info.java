/** OpenPGP keys and detached signatures (Bouncy Castle, v4 Ed25519 keys) that stock {@code gpg} can check. */
package org.ossnet.core.pgp;
