package org.ossnet.announce.spring;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import org.ossnet.announce.AnnounceEngine;
import org.ossnet.announce.peeraddress.TrustedProxies;

/**
 * {@code GET /announce}, {@code GET /scrape} and {@code POST /announce/batch}: always 200 with a
 * bencoded {@code text/plain} body, refusals as {@code failure reason}, never problem+json, since
 * BitTorrent clients read only bencode. A plain servlet rather than an MVC controller because
 * announces are the tracker's hottest path and need none of MVC's content negotiation.
 */
class AnnounceServlet extends HttpServlet {

    private final transient AnnounceEngine engine;
    private final transient TrustedProxies proxies;
    private final int maxBatchBytes;

    AnnounceServlet(AnnounceEngine engine, TrustedProxies proxies, int maxBatchBytes) {
        this.engine = engine;
        this.proxies = proxies;
        this.maxBatchBytes = maxBatchBytes;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        if (ProtocolPaths.BATCH.equals(path)) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        if (ProtocolPaths.SCRAPE.equals(path)) {
            send(response, engine.scrape(request.getQueryString()));
            return;
        }
        byte[] address = address(request);
        send(
                response,
                address == null
                        ? AnnounceEngine.failure("no peer address")
                        : engine.announce(request.getQueryString(), address));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!ProtocolPaths.BATCH.equals(request.getServletPath())) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        if (request.getContentLengthLong() > maxBatchBytes) {
            send(response, AnnounceEngine.failure("body: larger than " + maxBatchBytes + " bytes"));
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBatchBytes + 1);
        }
        byte[] address = address(request);
        if (address == null) {
            send(response, AnnounceEngine.failure("no peer address"));
        } else if (body.length > maxBatchBytes) {
            send(response, AnnounceEngine.failure("body: larger than " + maxBatchBytes + " bytes"));
        } else {
            send(response, engine.batch(body, address));
        }
    }

    private byte[] address(HttpServletRequest request) {
        List<String> forwarded = proxies.isEmpty() ? null : Collections.list(request.getHeaders("X-Forwarded-For"));
        return proxies.clientAddress(request.getRemoteAddr(), forwarded);
    }

    private static void send(HttpServletResponse response, byte[] body) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/plain");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
