/** Who may call signing-service: configured clients and the roles they hold on {@code /api/v1}. */
package org.ossnet.signing.auth;
