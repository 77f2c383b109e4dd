package io.aisle.gateway.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.spi.context.storage.ContextLocal;
import java.util.Map;
import java.util.TreeMap;

/**
 * What log lines of one request carry besides the trace: its request id, client and order id. Kept
 * in the Vert.x context of the request (context-local data, which every callback of the request runs
 * on, whatever thread), not in a thread-local, and copied into the log's MDC at each log call by
 * {@link LogContextFilter}. Off a Vert.x context (or on a Vert.x instance made before the gateway's
 * classes were loaded) it keeps nothing.
 */
public final class LogContext {

    public static final String REQUEST_ID = "requestId";
    public static final String CLIENT_ID = "clientId";
    public static final String ORDER_ID = "orderId";
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    /** Registered before any Vert.x instance of the process is built (see {@link #register()}). */
    private static final ContextLocal<Fields> FIELDS = ContextLocal.registerLocal(Fields.class);

    private LogContext() {
    }

    /** Makes sure the context-local storage exists; call before building a Vert.x instance. */
    public static void register() {
        // the static initializer did it
    }

    /**
     * Starts the log context of a request being served: its request id, and the trace and span of the
     * server span serving it (kept here as well, since its lines may be logged after the span ended,
     * as the access log line is).
     */
    public static void startRequest(String requestId) {
        put(REQUEST_ID, requestId);
        SpanContext span = currentSpan();
        if (span.isValid()) {
            put(TRACE_ID, span.getTraceId());
            put(SPAN_ID, span.getSpanId());
        }
    }

    /** The span current on this thread's Vert.x context (invalid when none). */
    static SpanContext currentSpan() {
        try {
            return Span.current().getSpanContext();
        } catch (RuntimeException storageMissing) {
            // a Vert.x instance built before the trace context storage was registered has no slot for it
            return SpanContext.getInvalid();
        }
    }

    /** Sets a field for the rest of the current request (no effect off a Vert.x context or with a null value). */
    public static void put(String key, String value) {
        Context context = Vertx.currentContext();
        if (context == null || value == null) {
            return;
        }
        try {
            Fields fields = FIELDS.get(context);
            FIELDS.put(context, (fields == null ? Fields.EMPTY : fields).with(key, value));
        } catch (RuntimeException storageMissing) {
            // a Vert.x instance built before the storage was registered has no slot for it
        }
    }

    /** The fields of the current request, empty when none. */
    public static Map<String, String> current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Map.of();
        }
        try {
            Fields fields = FIELDS.get(context);
            return fields == null ? Map.of() : fields.values;
        } catch (RuntimeException storageMissing) {
            return Map.of();
        }
    }

    /** An immutable set of fields, replaced as a whole on every change. */
    static final class Fields {
        static final Fields EMPTY = new Fields(Map.of());
        final Map<String, String> values;

        Fields(Map<String, String> values) {
            this.values = values;
        }

        Fields with(String key, String value) {
            Map<String, String> next = new TreeMap<>(values);
            next.put(key, value);
            return new Fields(Map.copyOf(next));
        }
    }
}
