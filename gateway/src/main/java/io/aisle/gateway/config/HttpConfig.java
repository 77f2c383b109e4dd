package io.aisle.gateway.config;

/** The northbound HTTP server. */
public record HttpConfig(String host, int port, int bodyLimitBytes, int instances) {

    public HttpConfig {
        Settings.require(host != null && !host.isBlank(), "http.host is required");
        Settings.require(port >= 0 && port <= 65535, "http.port must be within [0, 65535], got " + port);
        Settings.require(bodyLimitBytes >= 1024, "http.bodyLimitBytes must be at least 1024, got " + bodyLimitBytes);
        Settings.require(instances >= 1 && instances <= 64, "http.instances must be within [1, 64], got " + instances);
    }

    public HttpConfig withPort(int newPort) {
        return new HttpConfig(host, newPort, bodyLimitBytes, instances);
    }
}
