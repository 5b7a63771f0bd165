package org.ossnet.announce.listener;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/** {@link AnnounceListenerLimitsTest} on epoll through the foreign-function API: on every Java 22+ runtime (Linux, as the build is). */
class EpollAnnounceListenerLimitsTest extends AnnounceListenerLimitsTest {

    @BeforeAll
    static void onJava22() {
        assumeTrue(Runtime.version().feature() >= 22, "epoll sockets need Java 22+");
    }

    @Override
    ListenerConfig.Sockets sockets() {
        return ListenerConfig.Sockets.EPOLL;
    }
}
