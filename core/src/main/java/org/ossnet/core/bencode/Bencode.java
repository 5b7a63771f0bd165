package org.ossnet.core.bencode;

import java.io.ByteArrayOutputStream;

/**
 * Entry point for bencode (BEP 3): canonical encoding and strict decoding.
 *
 * <pre>
 * integer     i&lt;decimal&gt;e          i42e, i-7e       no leading zeros, no -0
 * byte string &lt;length&gt;:&lt;bytes&gt;    4:spam           length without leading zeros
 * list        l&lt;values&gt;e           l4:spami42ee
 * dictionary  d&lt;key&gt;&lt;value&gt;...e     d3:cow3:moo4:spami1ee   keys strictly ascending in raw byte order
 * </pre>
 *
 * <p>The decoder accepts exactly the canonical form, so for every input it accepts, {@code encode(decode(input))}
 * gives back the same bytes. It throws {@link BencodeException} for any other input and never anything else.
 */
public final class Bencode {

    private Bencode() {}

    /** The canonical encoding of {@code value}. */
    public static byte[] encode(BValue value) {
        var out = new ByteArrayOutputStream();
        BencodeEncoder.write(value, out);
        return out.toByteArray();
    }

    /** Decodes one complete value under {@link BencodeLimits#DEFAULT}. */
    public static BValue decode(byte[] input) {
        return decode(input, BencodeLimits.DEFAULT);
    }

    /**
     * Decodes exactly one complete value that must fill the whole input.
     *
     * @throws BencodeException if the input is not canonical bencode, has trailing bytes, or exceeds {@code limits}
     */
    public static BValue decode(byte[] input, BencodeLimits limits) {
        return new BencodeDecoder(input, limits).decodeWhole();
    }

    /**
     * Decodes a value that must be a dictionary, as .torrent files and tracker responses are.
     *
     * @throws BencodeException as {@link #decode(byte[], BencodeLimits)}, or at offset 0 if the value is not a
     *     dictionary
     */
    public static BDictionary decodeDictionary(byte[] input, BencodeLimits limits) {
        if (decode(input, limits) instanceof BDictionary dictionary) {
            return dictionary;
        }
        throw new BencodeException("expected a dictionary at the top level", 0);
    }
}
