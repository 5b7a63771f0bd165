package org.ossnet.agent.swarm;

/** Whatever the piece picker hands block requests to: a peer connection, or a web seed (BEP 19). */
sealed interface Source permits PeerConnection, WebSeed {}
