package io.aisle.gateway.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider.VertxContextStorage;
import java.util.List;
import java.util.function.Supplier;

/**
 * A trace carried over time: the W3C {@code traceparent} of the span current now (to be stored with
 * what it causes), and work done later in that trace again, as a child span of the stored one, so
 * every call the work makes (traced by Vert.x) carries a {@code traceparent} of the same trace.
 */
public final class TraceContext {

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<String> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private TraceContext() {
    }

    /** The {@code traceparent} of the span current on this thread's Vert.x context, or null when there is none. */
    public static String currentTraceparent() {
        SpanContext span = LogContext.currentSpan();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /**
     * Runs {@code work} in the trace of {@code traceparent}: on a context of its own (a duplicate of the
     * current one, so work of other traces running beside it keeps theirs) under a span named {@code
     * spanName}, child of {@code traceparent}, ended when the work completes. A missing or unreadable
     * traceparent runs the work as it is.
     */
    public static <T> Future<T> continued(Vertx vertx, String traceparent, String spanName, Supplier<Future<T>> work) {
        if (traceparent == null || traceparent.isBlank()) {
            return work.get();
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, GETTER);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return work.get();
        }
        Telemetry telemetry = Telemetry.of(vertx);
        Span span = telemetry == null ? null : telemetry.openTelemetry().getTracer("io.aisle.gateway")
                .spanBuilder(spanName).setParent(parent).setSpanKind(SpanKind.INTERNAL).startSpan();
        Context active = span == null ? parent : parent.with(span);
        ContextInternal own;
        try {
            own = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
            // the calls made on this context find their parent here (Vert.x's OpenTelemetry tracer reads it)
            VertxContextStorage.INSTANCE.attach(own, active);
        } catch (RuntimeException | LinkageError noTracing) {
            if (span != null) {
                span.end();
            }
            return work.get();
        }
        Promise<T> done = own.promise();
        own.runOnContext(ignored -> {
            try {
                Future<T> result = work.get();
                (result != null ? result : Future.<T>failedFuture("the work returned no future")).onComplete(done);
            } catch (RuntimeException e) {
                done.fail(e);
            }
        });
        return done.future().andThen(outcome -> {
            if (span != null) {
                if (outcome.failed()) {
                    span.setStatus(StatusCode.ERROR, String.valueOf(outcome.cause().getMessage()));
                }
                span.end();
            }
        });
    }
}
