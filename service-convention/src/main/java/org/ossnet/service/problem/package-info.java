/** Every refusal and failure of a service as {@code application/problem+json} (RFC 9457), from one handler. */
package org.ossnet.service.problem;
