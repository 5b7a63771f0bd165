package org.ossnet.announce.listener;

/** {@link AnnounceListenerTest} on the JDK's sockets, which every platform has. */
class NioAnnounceListenerTest extends AnnounceListenerTest {

    @Override
    ListenerConfig.Sockets sockets() {
        return ListenerConfig.Sockets.NIO;
    }
}
