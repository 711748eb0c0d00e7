package dev.descent.api;

import dev.descent.security.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class OpenApiConfig {

    static {
        // the caller comes from the API key, not from a request parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI descentOpenApi() {
        return new OpenAPI().info(new Info()
                        .title("descent")
                        .version("v1")
                        .description("Training as a service: submit a dataset, a model and an optimizer; descent trains "
                                + "the network by gradient descent on ND4J and keeps every run's history. Errors are "
                                + "RFC 9457 problem details naming the offending field. A secured server wants an API "
                                + "key on every request (Authorize, above); another user's records answer 404.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("Authorization: Bearer <key>"))
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-API-Key")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
