/** The publisher's OpenPGP keys: created or imported once, stored encrypted, rotated, and published. */
package org.ossnet.signing.key;
