package dev.descent.api;

import dev.descent.security.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

    /**
     * Each spec family's schema as a oneOf of its types with the discriminator mapping, both from {@link SpecTypes}:
     * generated clients get one class per optimizer, schedule, loss and layer. springdoc writes a property of a
     * sealed type as an inline oneOf of its subtypes without the discriminator; such a property becomes a reference
     * to its family's schema again.
     */
    @Bean
    OpenApiCustomizer specFamilies() {
        return openApi -> {
            @SuppressWarnings("rawtypes") // swagger-core's own type
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            Map<Set<String>, String> familyOfSubtypes = new HashMap<>();
            for (Class<?> family : SpecTypes.FAMILIES) {
                Schema<?> schema = schemas.get(family.getSimpleName());
                if (schema == null) {
                    continue; // not reachable from any endpoint
                }
                Discriminator discriminator = new Discriminator().propertyName("type");
                schema.setOneOf(new ArrayList<>());
                for (SpecTypes.Type type : SpecTypes.of(family)) {
                    String ref = REFS + type.spec().getSimpleName();
                    schema.addOneOfItem(new Schema<>().$ref(ref));
                    discriminator.mapping(type.name(), ref);
                }
                schema.discriminator(discriminator);
                familyOfSubtypes.put(Set.copyOf(discriminator.getMapping().values()), REFS + family.getSimpleName());
            }
            schemas.values().forEach(schema -> referToFamilies((Schema<?>) schema, familyOfSubtypes));
        };
    }

    private static final String REFS = "#/components/schemas/";

    private static void referToFamilies(Schema<?> schema, Map<Set<String>, String> familyOfSubtypes) {
        if (schema == null) {
            return;
        }
        if (schema.getOneOf() != null && schema.getDiscriminator() == null) {
            Set<String> refs = schema.getOneOf().stream().map(Schema::get$ref).collect(Collectors.toSet());
            String family = familyOfSubtypes.get(refs);
            if (family != null) {
                schema.setOneOf(null);
                schema.set$ref(family);
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> referToFamilies(property, familyOfSubtypes));
        }
        if (schema.getAllOf() != null) {
            schema.getAllOf().forEach(part -> referToFamilies(part, familyOfSubtypes));
        }
        referToFamilies(schema.getItems(), familyOfSubtypes);
    }
}
