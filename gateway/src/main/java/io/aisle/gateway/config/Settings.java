package io.aisle.gateway.config;

/** Check used by the config records: a failed check is a ConfigException naming the setting. */
final class Settings {

    private Settings() {
    }

    static void require(boolean condition, String problem) {
        if (!condition) {
            throw new ConfigException(problem);
        }
    }
}
