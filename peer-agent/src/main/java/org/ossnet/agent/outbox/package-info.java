/** Download events kept in a durable local outbox and reported to the tracker in batches until it acknowledges them. */
package org.ossnet.agent.outbox;
