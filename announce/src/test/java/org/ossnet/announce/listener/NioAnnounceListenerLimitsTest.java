package org.ossnet.announce.listener;

/** {@link AnnounceListenerLimitsTest} on the JDK's sockets, which every platform has. */
class NioAnnounceListenerLimitsTest extends AnnounceListenerLimitsTest {

    @Override
    ListenerConfig.Sockets sockets() {
        return ListenerConfig.Sockets.NIO;
    }
}
