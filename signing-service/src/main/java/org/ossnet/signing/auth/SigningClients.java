package org.ossnet.signing.auth;

import java.util.Map;
import java.util.stream.Collectors;
import org.ossnet.service.auth.ClientToken;
import org.ossnet.service.auth.ConfiguredClients;
import org.ossnet.service.auth.TokenAuthenticator;
import org.ossnet.signing.system.SigningProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * signing-service's callers are the clients configured under {@code ossnet.signing.clients} (their token hashes come
 * from a Secret); there is no token table to steal or to add a signer to at run time.
 */
@Configuration(proxyBeanMethods = false)
class SigningClients {

    @Bean
    TokenAuthenticator configuredClients(SigningProperties properties) {
        Map<String, ClientToken> clients = properties.clients().entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        client -> new ClientToken(
                                client.getValue().tokenSha256(),
                                client.getValue().roles().stream()
                                        .map(Role::configName)
                                        .collect(Collectors.toSet()))));
        return ConfiguredClients.of("ossnet.signing.clients", clients);
    }
}
