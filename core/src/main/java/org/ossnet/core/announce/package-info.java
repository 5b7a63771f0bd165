/** The announce contract between agents and trackers: requests, events and the batch announce with its one codec. */
package org.ossnet.core.announce;
