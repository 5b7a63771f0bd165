package org.ossnet.tracker.signing;

import java.time.Clock;
import org.ossnet.signing.client.PublisherKeyCache;
import org.ossnet.signing.client.SigningClient;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The signing-client library's beans, from the tracker's {@code ossnet.tracker.signing-*} settings. */
@Configuration(proxyBeanMethods = false)
class SigningConfiguration {

    @Bean
    SigningClient signingClient(TrackerProperties properties, JsonMapper json) {
        return new SigningClient(
                new SigningClient.Settings(
                        properties.signingUrl(),
                        properties.signingToken(),
                        properties.signingTimeout(),
                        "ossnet.tracker.signing-token"),
                json);
    }

    @Bean
    PublisherKeyCache publisherKeyCache(
            SigningClient signing, JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        return new PublisherKeyCache(signing, jdbc, transactions, clock);
    }
}
