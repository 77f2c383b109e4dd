package io.aisle.gateway.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.opentelemetry.api.trace.SpanContext;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Before each log event is made, puts the current request's {@link LogContext} fields and its trace
 * and span ids into the MDC of the logging thread (and removes those of a previous request), so the
 * event carries them whichever thread a Vert.x callback ran on. Named in {@code logback.xml}.
 */
public final class LogContextFilter extends TurboFilter {

    private static final List<String> KEYS = List.of(LogContext.REQUEST_ID, LogContext.CLIENT_ID, LogContext.ORDER_ID);

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger == null || level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        Map<String, String> fields = LogContext.current();
        for (String key : KEYS) {
            String value = fields.get(key);
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
        SpanContext span = LogContext.currentSpan();
        String traceId = span.isValid() ? span.getTraceId() : fields.get(LogContext.TRACE_ID);
        String spanId = span.isValid() ? span.getSpanId() : fields.get(LogContext.SPAN_ID);
        if (traceId != null) {
            MDC.put(LogContext.TRACE_ID, traceId);
            MDC.put(LogContext.SPAN_ID, spanId);
        } else {
            MDC.remove(LogContext.TRACE_ID);
            MDC.remove(LogContext.SPAN_ID);
        }
        return FilterReply.NEUTRAL;
    }
}
