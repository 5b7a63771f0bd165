package org.ossnet.core.torrent;

/**
 * A .torrent file is not valid bencode or not a valid single-file v1 metainfo; the message says which field and why.
 *
 * <p>Malformed bencode arrives with the {@link org.ossnet.core.bencode.BencodeException} as the cause, so the byte
 * offset stays available.
 */
public final class MetainfoException extends RuntimeException {

    public MetainfoException(String message) {
        super(message);
    }

    public MetainfoException(String message, Throwable cause) {
        super(message, cause);
    }
}
