package io.aisle.gateway.observability;

import io.aisle.gateway.config.ObservabilityConfig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One process's metrics registry (Prometheus) and OpenTelemetry SDK, and the Vert.x instance built on
 * them: Vert.x reports its HTTP server and clients, pools and JVM to the registry, and traces every
 * request it serves (a caller's W3C {@code traceparent} continued) and every call it makes within one
 * (the {@code traceparent} sent on). Create it before the Vert.x instance; a gateway started on that
 * instance finds it with {@link #of(Vertx)}.
 */
public final class Telemetry {

    /** Buckets of HTTP latencies, the same for the server and the clients: a bounded set, whatever the route. */
    static final Duration[] HTTP_BUCKETS = durations(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);
    private static final Map<Vertx, Telemetry> BY_VERTX = Collections.synchronizedMap(new WeakHashMap<>());

    private final PrometheusMeterRegistry registry;
    private final OpenTelemetrySdk openTelemetry;

    private Telemetry(PrometheusMeterRegistry registry, OpenTelemetrySdk openTelemetry) {
        this.registry = registry;
        this.openTelemetry = openTelemetry;
    }

    /** Metrics and traces as configured: spans go to nobody, the log or an OTLP collector. */
    public static Telemetry create(ObservabilityConfig config) {
        return create(config, null);
    }

    /**
     * As {@link #create(ObservabilityConfig)}, every span also handed to {@code exporter} as it ends
     * (null: none), and every trace recorded whatever the sample ratio.
     */
    public static Telemetry create(ObservabilityConfig config, SpanExporter exporter) {
        LogContext.register();
        // the trace context storage (Vert.x context-local) too, before any Vert.x instance is built
        io.opentelemetry.context.Context.current();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Vert.x Web names a request's route by every route it went through ("/v1/.*>/v1/orders"): keep the last, its own
        registry.config().meterFilter(MeterFilter.replaceTagValues("route", route -> route.substring(route.lastIndexOf('>') + 1)));
        registry.config().meterFilter(httpBuckets());
        SdkTracerProviderBuilder tracing = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), config.serviceName()))));
        boolean exporting = !"none".equals(config.tracesExporter()) || exporter != null;
        switch (config.tracesExporter()) {
            case "logging" -> tracing.addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create()));
            case "otlp" -> tracing.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                    .setEndpoint(config.otlpEndpoint()).build()).build());
            default -> {
                // none: spans are made (ids in logs, traceparent passed on) but not recorded unless the caller's are
            }
        }
        if (exporter != null) {
            tracing.addSpanProcessor(SimpleSpanProcessor.create(exporter));
        }
        double ratio = exporter != null ? 1.0 : exporting ? config.traceSampleRatio() : 0.0;
        tracing.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)));
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracing.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new Telemetry(registry, sdk);
    }

    /** A Vert.x instance reporting to this registry and tracing with this SDK. */
    public Vertx vertx(VertxOptions options) {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                // route templates, never raw paths: a bounded set of series
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
                        Label.CLIENT_NAME, Label.NAMESPACE))
                .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
                .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
                .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
                .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET)
                .addDisabledMetricsCategory(MetricsDomain.VERTICLES);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions(options).setMetricsOptions(metrics).setTracingOptions(new OpenTelemetryOptions()))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .withTracer(new OpenTelemetryTracingFactory(openTelemetry))
                .build();
        BY_VERTX.put(vertx, this);
        return vertx;
    }

    /** The telemetry a Vert.x instance was built with by {@link #vertx(VertxOptions)}, or null. */
    public static Telemetry of(Vertx vertx) {
        return BY_VERTX.get(vertx);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Sends the spans still buffered and stops the exporters; call after the Vert.x instance closed. */
    public void close() {
        openTelemetry.getSdkTracerProvider().shutdown().join(5, TimeUnit.SECONDS);
        registry.close();
    }

    private static MeterFilter httpBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() == Meter.Type.TIMER && id.getName().startsWith("vertx.http.")) {
                    return DistributionStatisticConfig.builder()
                            .percentilesHistogram(false)
                            .serviceLevelObjectives(nanos(HTTP_BUCKETS))
                            .build().merge(config);
                }
                return config;
            }
        };
    }

    static Duration[] durations(long... millis) {
        Duration[] durations = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            durations[i] = Duration.ofMillis(millis[i]);
        }
        return durations;
    }

    static double[] nanos(Duration[] durations) {
        double[] nanos = new double[durations.length];
        for (int i = 0; i < durations.length; i++) {
            nanos[i] = durations[i].toNanos();
        }
        return nanos;
    }
}
