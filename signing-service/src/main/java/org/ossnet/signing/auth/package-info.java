/** Bearer-token authentication of configured callers and the roles they hold on {@code /api/v1}. */
package org.ossnet.signing.auth;
