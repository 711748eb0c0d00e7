package dev.descent.job;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * A job's project and tags, as PATCH /jobs/{id} changes them: a field left out (or null) stays as it is, an empty
 * project clears it and {@code tags} replaces all the tags ({} removes them). They are set at submission with the
 * spec's fields of the same names and are never part of its settings.
 */
@Schema(description = "A job's project and tags: a field left out stays as it is; \"project\": \"\" clears the "
        + "project, \"tags\" replaces every tag ({} removes them)")
public record JobLabels(
        @Schema(description = "The project", example = "digits-study") @Size(max = 100)
        @Pattern(regexp = TEXT, message = NO_CONTROL) String project,
        @Schema(description = "Every tag, key → value; at most 32", example = "{\"team\": \"vision\"}")
        @Size(max = 32) Map<@Pattern(regexp = KEY, message = KEY_RULE) String,
                @NotNull @Size(max = 256) @Pattern(regexp = TEXT, message = NO_CONTROL) String> tags) {

    /** What a tag's key may be. */
    public static final String KEY = "[A-Za-z0-9_.-]{1,64}";
    static final String KEY_RULE = "must be 1 to 64 letters, digits or . _ - characters";
    /** No control characters: NUL cannot be stored in PostgreSQL text, the others garble logs and terminals. */
    static final String TEXT = "\\P{Cntrl}*";
    static final String NO_CONTROL = "must not contain control characters";
}
