package org.ossnet.service.observability;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code service=<spring.application.name>} tag on every meter, so one Prometheus query spans the services and
 * still tells them apart (one value per deployable, so low cardinality by construction), and the OpenAPI
 * description at {@code /v3/api-docs}, generated from the controllers, declaring the bearer token {@code /api/v1}
 * needs.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    static final String BEARER = "bearer";

    @Bean
    MeterFilter serviceTag(@Value("${spring.application.name}") String service) {
        return MeterFilter.commonTags(Tags.of("service", service));
    }

    @Bean
    OpenAPI serviceOpenApi(@Value("${spring.application.name}") String service) {
        String version = ObservabilityConfiguration.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info()
                        .title("OSSNET " + service)
                        .version(version == null ? "development" : version)
                        .description("Errors are application/problem+json (RFC 9457); /api/v1 needs a bearer token."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
