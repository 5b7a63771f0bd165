/** Which peers of a swarm are handed out to an announcing peer. */
package org.ossnet.announce.peerhandoutpolicy;
