package org.ossnet.service;

import org.ossnet.service.auth.AuthConfiguration;
import org.ossnet.service.json.StrictJsonConfiguration;
import org.ossnet.service.loglevel.LogLevelConfiguration;
import org.ossnet.service.observability.ObservabilityConfiguration;
import org.ossnet.service.problem.ProblemConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Import;

/**
 * Gives a servlet-based OSSNET service the convention: problem+json errors, strictly read JSON bodies, bearer tokens with roles on
 * {@code /api/v1}, the {@code service} meter tag, {@code /v3/api-docs} and the log-level endpoint. A service adds
 * only its {@link org.ossnet.service.auth.TokenAuthenticator} beans. It runs before Spring Boot's error page
 * configuration so that its problem+json error page replaces the whitelabel one.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({
    ProblemConfiguration.class,
    AuthConfiguration.class,
    ObservabilityConfiguration.class,
    LogLevelConfiguration.class,
    StrictJsonConfiguration.class
})
public class ServiceConventionAutoConfiguration {}
