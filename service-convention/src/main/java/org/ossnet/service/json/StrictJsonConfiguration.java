package org.ossnet.service.json;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies are read strictly: a duplicate key, a member the request type does not have, a string or a
 * fraction where an integer belongs, a null for a number and anything after the document are refused (400, naming
 * the member) instead of guessed at. Lenient reading let {@code "size":"12"}, {@code 12.5} and {@code 1.2e1} all
 * become 12, and a second {@code collection} key silently win over the first, so what a publisher signed off and
 * what the service stored could differ; a misspelt optional member such as {@code embargoUntil} would be dropped and
 * a release published early.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictJsonReading() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Download event batches, the bulk of what the tracker and stats-service read, by the same rules, token by token. */
    @Bean
    DownloadEventBatchConverter downloadEventBatchConverter(JsonMapper json) {
        return new DownloadEventBatchConverter(json);
    }
}
