package dev.descent.api;

import dev.descent.security.ApiKeyInfo;
import dev.descent.security.ApiKeyService;
import dev.descent.security.Caller;
import dev.descent.security.IssuedKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/admin/keys")
@Tag(name = "Admin", description = "API keys (admins only). A secured server's first admin key comes from "
        + "descent.security.admin-key.")
@ApiResponse(responseCode = "401", description = "No key, or an unknown or revoked one",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The key is not an admin's",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
public class ApiKeyController {

    private final ApiKeyService keys;

    public ApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @Schema(description = "Whom a new key is for")
    public record KeyRequest(
            @Schema(description = "The user's name: letters, digits and . _ @ - (1 to 100); records created with the "
                    + "key belong to this user, and several keys may share a user. 'admin' (the bootstrap key's) and "
                    + "'local' (open mode's) are reserved, in any letter case (422)", example = "alice")
            @NotNull @Pattern(regexp = "[A-Za-z0-9._@-]{1,100}", message = "must be 1 to 100 letters, digits or . _ @ -")
            String user,
            @Schema(description = "Whether the key administers the server: sees every user's records, issues keys",
                    defaultValue = "false")
            Boolean admin) {

        boolean isAdmin() {
            return Boolean.TRUE.equals(admin);
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a key", description = "Answers the secret once; the server keeps only its hash.")
    @ApiResponse(responseCode = "201", description = "The new key", content = @Content(examples = @ExampleObject(
            name = "alice", value = """
                    {"info":{"id":"6c1f0e2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b","user":"alice","admin":false,"prefix":"dsk_Xq3f",
                     "createdAt":"2026-11-23T10:15:30Z","revokedAt":null},
                     "key":"dsk_Xq3fN0c5l9m1yQ2wR8tV4bZ7hK6jD3sA1eG5uP0oI2c"}""")))
    public IssuedKey issue(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                           @ExampleObject(name = "alice", value = "{\"user\": \"alice\"}")))
                           @Valid @RequestBody KeyRequest request, Caller caller) {
        return keys.issue(caller, request.user(), request.isAdmin());
    }

    @GetMapping
    @Operation(summary = "List keys", description = "Every issued key, oldest first, without secrets.")
    public List<ApiKeyInfo> list(Caller caller) {
        return keys.list(caller);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke a key", description = "The key stops working at once. The user's records stay.")
    @ApiResponse(responseCode = "404", description = "No such key",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ApiKeyInfo revoke(@PathVariable UUID id, Caller caller) {
        return keys.revoke(caller, id);
    }
}
