/** Pieces of a file being downloaded or seeded: the part file, per-piece SHA-1 checks, resume records and the final rename. */
package org.ossnet.agent.storage;
