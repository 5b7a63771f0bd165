/** A delegated regional tracker that keeps serving its region when the master is unreachable. */
package org.ossnet.region;
