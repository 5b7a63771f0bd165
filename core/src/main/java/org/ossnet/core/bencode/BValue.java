package org.ossnet.core.bencode;

/**
 * A bencoded value: an integer, a byte string, a list or a dictionary.
 *
 * <p>The hierarchy is sealed so that a {@code switch} over a decoded value is checked for completeness by the compiler.
 */
public sealed interface BValue permits BInteger, BString, BList, BDictionary {}
