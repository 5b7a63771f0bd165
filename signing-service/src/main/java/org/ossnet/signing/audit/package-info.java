/** The append-only audit log of every signature made, and the endpoint that reads it. */
package org.ossnet.signing.audit;
