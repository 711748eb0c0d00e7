package dev.descent.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class OpenApiConfig {

    @Bean
    OpenAPI descentOpenApi() {
        return new OpenAPI().info(new Info()
                .title("descent")
                .version("v1")
                .description("Training as a service: submit a dataset, a model and an optimizer; descent trains the "
                        + "network by gradient descent on ND4J and keeps every run's history. Errors are RFC 9457 "
                        + "problem details naming the offending field.")
                .license(new License().name("Apache-2.0")));
    }
}
