/** A signer speaking signing-service's HTTP contract with a real OpenPGP key, for one service's own tests. */
package org.ossnet.testsupport.signing;
