package org.ossnet.agent.announce;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.ossnet.agent.credential.RequestSigner;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.announce.AnnounceRequest;
import org.ossnet.core.bencode.BencodeException;

/**
 * Sends BEP 3 HTTP announces ({@code GET <announce>?info_hash=…&peer_id=…&port=…&uploaded=…&downloaded=…&left=…
 * &compact=1&numwant=…[&event=…][&ossnet_upload=0]}) and decodes the replies with {@link AnnounceReplyDecoder}.
 */
public final class AnnounceClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final TrackerHttp http;
    private final AnnounceLimits limits;

    /** A client with the default limits and timeouts. */
    public AnnounceClient() {
        this(SourceAddress.ANY);
    }

    /** A client with the default limits and timeouts whose connections come from {@code source}. */
    public AnnounceClient(SourceAddress source) {
        this(AnnounceLimits.DEFAULT, REQUEST_TIMEOUT, source);
    }

    AnnounceClient(AnnounceLimits limits, Duration requestTimeout) {
        this(limits, requestTimeout, SourceAddress.ANY);
    }

    private AnnounceClient(AnnounceLimits limits, Duration requestTimeout, SourceAddress source) {
        this(new TrackerHttp(requestTimeout, source), limits);
    }

    private AnnounceClient(TrackerHttp http, AnnounceLimits limits) {
        this.http = http;
        this.limits = limits;
    }

    /**
     * This client with every announce signed by {@code signer}: what a private swarm's tracker ({@code
     * /private/announce}) requires of a credentialed mirror.
     */
    public AnnounceClient signedBy(RequestSigner signer) {
        return new AnnounceClient(http.signedBy(signer), limits);
    }

    /**
     * Announces {@code request} to the tracker at {@code announceUrl}.
     *
     * @throws AnnounceException if the tracker refuses ({@code failure reason}) or answers something unreadable
     * @throws IOException if the tracker cannot be reached or answers with an HTTP error
     */
    public AnnounceReply announce(URI announceUrl, AnnounceRequest request) throws IOException {
        URI uri = URI.create(announceUrl + (announceUrl.getRawQuery() == null ? "?" : "&") + query(request));
        TrackerHttp.Response response = http.get(uri, announceUrl, limits.maxReplyBytes());
        String tracker = announceUrl.toString();
        var decoder = new AnnounceReplyDecoder(limits, tracker);
        byte[] body = checked(response, tracker, decoder);
        return decoder.decode(body);
    }

    /**
     * The body of a 2xx answer; otherwise the tracker's failure reason if an error answer carries one, else an
     * {@link IOException} naming the status.
     */
    static byte[] checked(TrackerHttp.Response response, String tracker, AnnounceReplyDecoder decoder)
            throws IOException {
        byte[] body = response.body();
        if (response.status() / 100 != 2) {
            // Some trackers send their failure reason with an error status; show it when there is one.
            try {
                decoder.decode(body);
            } catch (AnnounceException e) {
                if (e.failureReason() != null) {
                    throw e;
                }
            } catch (BencodeException e) {
                // Not bencode at all: the status says enough.
            }
            throw new IOException("the tracker " + tracker + " answered HTTP " + response.status());
        }
        return body;
    }

    static String query(AnnounceRequest request) {
        var query = new StringBuilder(256)
                .append("info_hash=")
                .append(request.infoHash().toPercentEncoded())
                .append("&peer_id=")
                .append(percentEncode(request.peerId().bytes()))
                .append("&port=")
                .append(request.port())
                .append("&uploaded=")
                .append(request.uploaded())
                .append("&downloaded=")
                .append(request.downloaded())
                .append("&left=")
                .append(request.left())
                .append("&compact=1&numwant=")
                .append(request.numwant());
        if (request.event() != AnnounceEvent.NONE) {
            query.append("&event=").append(request.event().wire());
        }
        if (request.uploadOff()) {
            query.append("&ossnet_upload=0");
        }
        return query.toString();
    }

    /** RFC 3986 percent-encoding of every byte but the unreserved characters, as trackers expect for raw ids. */
    static String percentEncode(byte[] bytes) {
        var out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            boolean unreserved = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >>> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
