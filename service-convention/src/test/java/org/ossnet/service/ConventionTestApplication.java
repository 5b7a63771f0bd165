package org.ossnet.service;

import jakarta.servlet.Filter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.util.Map;
import java.util.Set;
import org.ossnet.service.auth.ClientToken;
import org.ossnet.service.auth.ConfiguredClients;
import org.ossnet.service.auth.PublicEndpoint;
import org.ossnet.service.auth.RequiresRole;
import org.ossnet.service.auth.TokenAuthenticator;
import org.ossnet.service.auth.TokenDigest;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A service with nothing but the convention and a few handlers that fail in the ways real ones do. */
@SpringBootApplication
class ConventionTestApplication {

    static final String READER_TOKEN = "reader-token-0123456789abcdef0123";
    static final String WRITER_TOKEN = "writer-token-0123456789abcdef0123";

    @Bean
    TokenAuthenticator clients() {
        return ConfiguredClients.of(
                "test.clients",
                Map.of(
                        "reader", new ClientToken(TokenDigest.sha256Hex(READER_TOKEN), Set.of("read")),
                        "writer", new ClientToken(TokenDigest.sha256Hex(WRITER_TOKEN), Set.of("read", "write"))));
    }

    /** A filter that fails outside Spring MVC, as a servlet container component might. */
    @Bean
    FilterRegistrationBean<Filter> failingFilter() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            throw new IllegalStateException("filter failed near SELECT password FROM secrets");
        });
        registration.addUrlPatterns("/broken-filter");
        return registration;
    }

    record Item(
            @Min(value = 1, message = "must be at least 1") long size, String name) {}

    @RestController
    @RequiresRole("read")
    static class Handlers {

        @GetMapping("/api/v1/items")
        Map<String, String> items() {
            return Map.of("items", "none");
        }

        @PostMapping("/api/v1/items")
        @RequiresRole("write")
        Item add(@RequestBody @Valid Item item) {
            return item;
        }

        @GetMapping("/api/v1/public")
        @PublicEndpoint
        Map<String, String> open(java.util.Optional<org.ossnet.service.auth.ApiCaller> caller) {
            return Map.of("open", "yes", "caller", caller.map(c -> c.name()).orElse("anonymous"));
        }

        @GetMapping("/api/v1/fails")
        String fails() {
            throw new IllegalStateException("connection refused: jdbc:postgresql://db/secret SELECT * FROM api_token");
        }
    }
}
