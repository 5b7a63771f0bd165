/** The swarms of published files, which the announce engine (served by announce-spring) answers for. */
package org.ossnet.tracker.announce;
