/** Cross-cutting set-up of the tracker: configuration properties and error rendering. */
package org.ossnet.tracker.system;
