/** Cross-cutting set-up of the signing service: configuration properties and the errors it answers with. */
package org.ossnet.signing.system;
