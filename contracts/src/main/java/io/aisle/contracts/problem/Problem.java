package io.aisle.contracts.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, served as {@code application/problem+json}.
 * {@code errors} lists field-level causes for validation problems.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://aisle.dev/problems/";

    public Problem {
        if (type == null || type.isBlank()) {
            type = "about:blank";
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem's status is an HTTP error status, got " + status);
        }
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, List.of());
    }

    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance, errors);
    }

    public Problem withErrors(List<FieldError> errors) {
        return new Problem(type, title, status, detail, instance, errors);
    }

    /** One field-level cause: a JSON pointer (or parameter name) and what is wrong with it. */
    public record FieldError(String pointer, String detail) {
    }
}
