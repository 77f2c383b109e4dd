package io.aisle.gateway.config;

import java.time.Duration;
import java.util.List;

/**
 * Metrics, traces and logs: who may read {@code /metrics} ({@code metricsOpen}: anyone who reaches the
 * port; otherwise operators only, with the operator key), where spans go ({@code tracesExporter}
 * {@code none}, {@code logging} or {@code otlp} to {@code otlpEndpoint}), the share of traces started
 * here that are kept ({@code traceSampleRatio}; a caller's {@code traceparent} decides for its own),
 * the service name spans carry, whether every request is logged ({@code accessLog}), how often the
 * tables behind gauges are read ({@code tableGaugesPeriodMs}), and the outbox lag beyond which
 * readiness says no ({@code outboxReadyMaxLagMs}, 0: not checked).
 */
public record ObservabilityConfig(boolean metricsOpen, String tracesExporter, String otlpEndpoint, double traceSampleRatio,
                                  String serviceName, boolean accessLog, Duration tableGaugesPeriod, Duration outboxReadyMaxLag) {

    public static final List<String> EXPORTERS = List.of("none", "logging", "otlp");

    public ObservabilityConfig {
        Settings.require(EXPORTERS.contains(tracesExporter),
                "observability.tracesExporter must be one of " + EXPORTERS + ", got " + tracesExporter);
        Settings.require(!"otlp".equals(tracesExporter) || (otlpEndpoint != null && otlpEndpoint.matches("https?://.+")),
                "observability.otlpEndpoint must be an http(s) URL when tracesExporter is otlp, got " + otlpEndpoint);
        Settings.require(traceSampleRatio >= 0 && traceSampleRatio <= 1,
                "observability.traceSampleRatio must be within [0, 1], got " + traceSampleRatio);
        Settings.require(serviceName != null && !serviceName.isBlank(), "observability.serviceName is required");
        Settings.require(tableGaugesPeriod != null && tableGaugesPeriod.toMillis() >= 100,
                "observability.tableGaugesPeriodMs must be at least 100");
        Settings.require(outboxReadyMaxLag != null && !outboxReadyMaxLag.isNegative(),
                "observability.outboxReadyMaxLagMs must be 0 or more");
    }

    /** The built-in settings (no export, operators only), for code that starts a gateway without a config file. */
    public static ObservabilityConfig defaults() {
        return new ObservabilityConfig(false, "none", "http://localhost:4318/v1/traces", 1.0, "aisle-gateway", true,
                Duration.ofSeconds(5), Duration.ofMinutes(2));
    }

    public ObservabilityConfig withTracesExporter(String exporter) {
        return new ObservabilityConfig(metricsOpen, exporter, otlpEndpoint, traceSampleRatio, serviceName, accessLog,
                tableGaugesPeriod, outboxReadyMaxLag);
    }
}
