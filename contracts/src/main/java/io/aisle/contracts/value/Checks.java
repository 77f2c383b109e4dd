package io.aisle.contracts.value;

import java.util.List;

/** Small argument checks shared by the self-validating records of the canonical model. */
public final class Checks {

    private Checks() {
    }

    public static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** Text that is there and at most {@code maxLength} characters. */
    public static String requireText(String value, String field, int maxLength) {
        requireText(value, field);
        return requireAtMost(value, field, maxLength);
    }

    /** Text that may be left out (null), and is at most {@code maxLength} characters when given. */
    public static String requireAtMost(String value, String field, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new IllegalArgumentException(field + " allows at most " + maxLength + " characters, got " + value.length());
        }
        return value;
    }

    /** Text that holds no control character (none of U+0000-U+001F, U+007F-U+009F: no line breaks or tabs either), when given. */
    public static String requireNoControlCharacters(String value, String field) {
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " must not contain control characters");
        }
        return value;
    }

    public static String requireId(String value, String field) {
        requireText(value, field);
        if (value.length() > 128 || !value.chars().allMatch(Checks::isIdChar)) {
            throw new IllegalArgumentException(field + " must be at most 128 ASCII letters, digits, '-', '_', '.', ':', got '" + value + "'");
        }
        return value;
    }

    private static boolean isIdChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == ':';
    }

    public static int requirePositive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
        return value;
    }

    public static int requireNonNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
        return value;
    }

    public static <T> List<T> requireNonEmpty(List<T> list, String field) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        if (list.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(field + " must not contain null entries");
        }
        return List.copyOf(list);
    }

    public static <T> List<T> copyOrEmpty(List<T> list, String field) {
        if (list == null) {
            return List.of();
        }
        if (list.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(field + " must not contain null entries");
        }
        return List.copyOf(list);
    }

    public static <T> T requireNonNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
