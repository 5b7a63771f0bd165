package org.ossnet.agent.scan;

import java.nio.file.Path;
import org.ossnet.core.name.RelativePath;

/**
 * A regular file found in a tree.
 *
 * @param path its path inside the tree, as a snapshot lists it
 * @param file where it is on disk, absolute (a symlink inside the tree stays a symlink here)
 * @param size its length in bytes when scanned
 * @param modifiedNanos its modification time when scanned, in nanoseconds since the epoch
 */
public record ScannedFile(RelativePath path, Path file, long size, long modifiedNanos) {}
