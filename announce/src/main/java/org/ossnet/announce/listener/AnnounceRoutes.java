package org.ossnet.announce.listener;

import org.ossnet.announce.AnnounceBuffers;
import org.ossnet.announce.AnnounceEngine;
import org.ossnet.announce.peeraddress.TrustedProxies;
import org.ossnet.announce.protocol.BencodeWriter;

/**
 * What the listener serves: {@code GET /announce} and {@code GET /scrape} over the engine, with the
 * peer's address decided by the same trusted-proxy rule as the servlet. Anything else is refused.
 */
final class AnnounceRoutes {

    static final String ANNOUNCE = "/announce";
    static final String SCRAPE = "/scrape";

    private final AnnounceEngine engine;
    private final TrustedProxies proxies;

    AnnounceRoutes(AnnounceEngine engine, TrustedProxies proxies) {
        this.engine = engine;
        this.proxies = proxies;
    }

    /** Whether {@code X-Forwarded-For} matters at all, so the decoder need not collect it otherwise. */
    boolean readsForwardedFor() {
        return !proxies.isEmpty();
    }

    /**
     * Writes the bencoded body to send with 200 into {@code buffers} and returns it (valid until their next use).
     *
     * @param socketAddress the connection's remote address, normalised
     */
    BencodeWriter reply(RequestHead head, byte[] socketAddress, AnnounceBuffers buffers)
            throws RefusedRequestException {
        boolean announce = ANNOUNCE.equals(head.path());
        if (!announce && !SCRAPE.equals(head.path())) {
            throw new RefusedRequestException(404, "not found: this port serves GET /announce and GET /scrape");
        }
        if (!"GET".equals(head.method())) {
            throw new RefusedRequestException(405, head.method() + " is not allowed: use GET");
        }
        if (head.hasBody()) {
            throw new RefusedRequestException(400, "a request body is not accepted here");
        }
        if (!announce) {
            return buffers.body().reset().rawValue(engine.scrape(head.query()));
        }
        byte[] address = proxies.isEmpty() ? socketAddress : proxies.clientAddress(socketAddress, head.forwardedFor());
        if (address == null) {
            return buffers.body().reset().rawValue(AnnounceEngine.failure("no peer address"));
        }
        engine.announce(head.query(), address, buffers);
        return buffers.body();
    }
}
