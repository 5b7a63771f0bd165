/** The append-only audit log of every signature made and of the mirror CA's work, and the endpoint that reads it. */
package org.ossnet.signing.audit;
