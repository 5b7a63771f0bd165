package org.ossnet.agent.fetch;

import java.time.Duration;
import java.time.Instant;
import org.ossnet.agent.swarm.BytesBySource;

/**
 * How one file was downloaded, for its download event.
 *
 * @param bytes the bytes of the pieces verified in this run, by source
 * @param duration from the start of this run's download of the file to its verification
 * @param completedAt when the file was verified at its target
 */
public record Transfer(BytesBySource bytes, Duration duration, Instant completedAt) {}
