/** Bencode (BEP 3) values, a canonical encoder and a strict, bounded decoder for untrusted bytes. */
package org.ossnet.core.bencode;
