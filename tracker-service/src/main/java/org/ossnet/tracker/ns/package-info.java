/** Name resolution: {@code /ns/<path>} describes any {@code ossnet://} name of this publisher. */
package org.ossnet.tracker.ns;
