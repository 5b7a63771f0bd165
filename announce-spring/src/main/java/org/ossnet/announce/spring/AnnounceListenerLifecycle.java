package org.ossnet.announce.spring;

import org.ossnet.announce.listener.AnnounceListener;
import org.ossnet.announce.listener.ListenerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the announce listener with the web server and stops it on shutdown. Starting binds the
 * port, so a taken port fails start-up with a message naming it rather than leaving a tracker that
 * hands out an announce URL nobody answers.
 */
class AnnounceListenerLifecycle implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(AnnounceListenerLifecycle.class);

    private final AnnounceListener listener;
    private volatile boolean running;

    /** @param listener the listener, or null when it is disabled */
    AnnounceListenerLifecycle(AnnounceListener listener) {
        this.listener = listener;
    }

    /** The listener, or null when it is disabled. */
    AnnounceListener listener() {
        return listener;
    }

    @Override
    public void start() {
        if (listener != null) {
            listener.start();
            ListenerConfig config = listener.config();
            LOG.info(
                    "Announce listener on {}:{} ({} thread(s), {} sockets)",
                    config.bindAddress(),
                    listener.port(),
                    config.loops(),
                    listener.sockets());
            if (config.sockets() == ListenerConfig.Sockets.AUTO
                    && listener.sockets().equals("nio")) {
                LOG.info("Announce listener on the JDK's sockets: {}", AnnounceListener.epollUnavailable());
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        if (listener != null) {
            listener.close();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
