package io.aisle.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.adapters.spi.PartnerFailure.Kind;
import io.aisle.adapters.spi.StoreRef;
import io.aisle.contracts.Json;
import io.aisle.contracts.problem.Problem;
import io.vertx.core.Expectation;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.StreamResetException;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Turns what can go wrong on an HTTP call to a partner into a typed {@link PartnerFailure}, in one place:
 * <ul>
 *   <li>no answer within the call timeout, or no connection within the connect timeout: TIMEOUT;</li>
 *   <li>connection refused, reset or closed before the answer; 5xx; a full connection pool wait queue: UNAVAILABLE;</li>
 *   <li>429: RATE_LIMITED, with the partner's {@code Retry-After};</li>
 *   <li>other 4xx (409 out of stock, 404, 422): REJECTED, with the partner's problem detail;</li>
 *   <li>an HTTP answer that is not JSON, not the documented shape, or has an unexpected status: MALFORMED.</li>
 * </ul>
 * Bytes that are not HTTP at all make Vert.x drop the connection and report it closed: UNAVAILABLE.
 */
public final class PartnerFailures {

    private static final int MAX_DETAIL = 300;

    private PartnerFailures() {
    }

    /** An expectation that the answer has one of the accepted statuses; otherwise it fails with the mapped failure. */
    public static Expectation<HttpResponse<Buffer>> status(StoreRef store, int... accepted) {
        return new Expectation<>() {
            @Override
            public boolean test(HttpResponse<Buffer> response) {
                for (int status : accepted) {
                    if (response.statusCode() == status) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public Throwable describe(HttpResponse<Buffer> response) {
                return fromResponse(response, store);
            }
        };
    }

    /** For {@code Future.recover}: any failure of a call, as a PartnerFailure. */
    public static <T> Function<Throwable, Future<T>> recover(StoreRef store) {
        return error -> Future.failedFuture(from(error, store));
    }

    /** Maps an answer the caller did not accept. */
    public static PartnerFailure fromResponse(HttpResponse<Buffer> response, StoreRef store) {
        int status = response.statusCode();
        String detail = "HTTP " + status + problemDetail(response);
        if (status == 429) {
            return new PartnerFailure(Kind.RATE_LIMITED, store.chainId(), store.storeId(), detail,
                    retryAfter(response.getHeader(HttpHeaders.RETRY_AFTER.toString()), Instant.now()), null);
        }
        if (status == 408) {
            return failure(Kind.TIMEOUT, store, detail, null);
        }
        if (status >= 500) {
            return new PartnerFailure(Kind.UNAVAILABLE, store.chainId(), store.storeId(), detail,
                    retryAfter(response.getHeader(HttpHeaders.RETRY_AFTER.toString()), Instant.now()), null);
        }
        if (status >= 400) {
            return failure(Kind.REJECTED, store, detail, null);
        }
        return failure(Kind.MALFORMED, store, "unexpected " + detail, null);
    }

    /** Maps a failed call: transport errors, timeouts, decoding errors. A PartnerFailure stays as it is. */
    public static PartnerFailure from(Throwable error, StoreRef store) {
        if (error instanceof PartnerFailure failure) {
            return failure;
        }
        if (error instanceof TimeoutException || error instanceof io.netty.channel.ConnectTimeoutException) {
            return failure(Kind.TIMEOUT, store, "no answer in time: " + error.getMessage(), error);
        }
        if (error instanceof ConnectionPoolTooBusyException) {
            return failure(Kind.UNAVAILABLE, store, "the chain's connection pool is full and its wait queue too: " + error.getMessage(), error);
        }
        if (error instanceof ConnectException) {
            return failure(Kind.UNAVAILABLE, store, "connection refused: " + error.getMessage(), error);
        }
        if (error instanceof HttpClosedException || error instanceof StreamResetException) {
            return failure(Kind.UNAVAILABLE, store, "connection closed before the answer: " + error.getMessage(), error);
        }
        if (error instanceof JsonProcessingException || error instanceof io.vertx.core.json.DecodeException
                || error instanceof IllegalArgumentException || error instanceof io.netty.handler.codec.DecoderException) {
            return failure(Kind.MALFORMED, store, "undecodable answer: " + error.getMessage(), error);
        }
        if (error instanceof IOException) {
            return failure(Kind.UNAVAILABLE, store, "connection failed: " + error.getMessage(), error);
        }
        if (error instanceof VertxException && error.getMessage() != null && error.getMessage().toLowerCase().contains("closed")) {
            return failure(Kind.UNAVAILABLE, store, "connection closed before the answer: " + error.getMessage(), error);
        }
        return failure(Kind.UNAVAILABLE, store, error.getClass().getSimpleName() + ": " + error.getMessage(), error);
    }

    /** Reads a JSON answer into a canonical record; anything that does not fit is MALFORMED. */
    public static <T> T decode(HttpResponse<Buffer> response, Class<T> type, StoreRef store) {
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            throw failure(Kind.MALFORMED, store, "empty body where a " + type.getSimpleName() + " was expected", null);
        }
        try {
            T value = Json.mapper().readValue(body.getBytes(), type);
            if (value == null) {
                throw failure(Kind.MALFORMED, store, "null where a " + type.getSimpleName() + " was expected", null);
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof PartnerFailure failure) {
                throw failure;
            }
            String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw failure(Kind.MALFORMED, store, "not a " + type.getSimpleName() + ": " + abbreviate(message), e);
        }
    }

    /** {@code Retry-After} as delta seconds or an HTTP date; null when absent or unreadable. */
    public static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    public static PartnerFailure failure(Kind kind, StoreRef store, String detail, Throwable cause) {
        return new PartnerFailure(kind, store.chainId(), store.storeId(), detail, null, cause);
    }

    private static String problemDetail(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            return "";
        }
        try {
            Problem problem = Json.mapper().readValue(body.getBytes(), Problem.class);
            String text = problem.detail() != null ? problem.detail() : problem.title();
            return " " + problem.type() + (text == null ? "" : ": " + abbreviate(text));
        } catch (IOException | RuntimeException notAProblem) {
            return ": " + abbreviate(body.toString());
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
    }
}
