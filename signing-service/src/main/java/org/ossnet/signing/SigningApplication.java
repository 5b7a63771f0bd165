package org.ossnet.signing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Boots the signing service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SigningApplication {

    public static void main(String[] args) {
        SpringApplication.run(SigningApplication.class, args);
    }
}
