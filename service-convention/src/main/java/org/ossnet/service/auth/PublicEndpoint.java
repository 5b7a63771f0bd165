package org.ossnet.service.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler under {@code /api/v1} that answers without a token, such as a public key list; everything else
 * there needs one. Protocol endpoints (announce, discovery, {@code /ns}) live outside {@code /api/v1} and need no
 * mark. A request that presents a token anyway has it checked as everywhere (401 when unknown), and a handler that
 * declares an {@code Optional<ApiCaller>} parameter learns who it is.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface PublicEndpoint {}
