/** Cross-cutting set-up of the signing service: configuration properties. */
package org.ossnet.signing.system;
