package io.aisle.contracts.api;

import io.aisle.contracts.partner.PartnerKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A chain as an operator registers ({@code POST /v1/admin/chains}) or changes it ({@code PUT
 * /v1/admin/chains/{chainId}}): its protocol, endpoint, credentials, quota, HTTP pool and breaker
 * profile. Every member may be left out of a change (it keeps its value); {@code apiKey} and
 * {@code signingSecret} are write-only: no answer ever carries them. Not self-checking in its
 * constructor: {@link #violations} names every offending member at once, so an operator fixes a
 * request in one go.
 */
public record ChainSettings(String chainId, String name, String kind, String baseUrl, String apiKey, String signingSecret,
                            String breakerProfile, Integer rateLimitPerSecond, Integer maxConcurrentCalls,
                            Integer maxConnections, Integer maxWaitQueue, Integer callTimeoutMs) {

    public static final Pattern CHAIN_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");
    public static final int MAX_NAME = 200;
    public static final int MAX_URL = 2000;
    public static final int MAX_CREDENTIAL = 1000;
    public static final int MIN_SIGNING_SECRET = 16;
    public static final int MAX_CALL_TIMEOUT_MS = 60_000;

    /**
     * What is wrong with these settings as a whole chain, by JSON pointer into the request: chainId,
     * name, kind and signingSecret are required, and baseUrl and apiKey for a chain that is called
     * (all kinds but PUSH_ONLY); the numbers are positive and bounded. Empty when nothing is wrong.
     * A change is checked as the chain it makes (its members over the chain's current ones).
     */
    public Map<String, String> violations() {
        Map<String, String> wrong = new LinkedHashMap<>();
        if (chainId == null || !CHAIN_ID.matcher(chainId).matches()) {
            wrong.put("/chainId", "chainId must be 2 to 63 lower-case letters, digits and '-', starting with a letter or digit");
        }
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            wrong.put("/name", "name is required, at most " + MAX_NAME + " characters");
        }
        PartnerKind partnerKind = parseKind(kind);
        if (partnerKind == null) {
            wrong.put("/kind", "kind must be one of " + java.util.Arrays.toString(PartnerKind.values()) + ", got " + kind);
        }
        boolean called = partnerKind != null && partnerKind != PartnerKind.PUSH_ONLY;
        if (baseUrl != null || called) {
            String why = urlProblem(baseUrl);
            if (why != null) {
                wrong.put("/baseUrl", why);
            }
        }
        if (apiKey != null || called) {
            if (apiKey == null || apiKey.isBlank() || apiKey.length() > MAX_CREDENTIAL) {
                wrong.put("/apiKey", "apiKey is required to call a chain of kind " + partnerKind + ", at most " + MAX_CREDENTIAL
                        + " characters");
            }
        }
        if (signingSecret == null || signingSecret.length() < MIN_SIGNING_SECRET || signingSecret.length() > MAX_CREDENTIAL) {
            wrong.put("/signingSecret", "signingSecret is required to verify the chain's callbacks: "
                    + MIN_SIGNING_SECRET + " to " + MAX_CREDENTIAL + " characters");
        }
        if (breakerProfile != null && breakerProfile.isBlank()) {
            wrong.put("/breakerProfile", "breakerProfile names a configured profile, e.g. default");
        }
        positive(wrong, "rateLimitPerSecond", rateLimitPerSecond, 1_000_000);
        positive(wrong, "maxConcurrentCalls", maxConcurrentCalls, 100_000);
        positive(wrong, "maxConnections", maxConnections, 10_000);
        positive(wrong, "callTimeoutMs", callTimeoutMs, MAX_CALL_TIMEOUT_MS);
        if (maxWaitQueue != null && (maxWaitQueue < 0 || maxWaitQueue > 100_000)) {
            wrong.put("/maxWaitQueue", "maxWaitQueue must be within [0, 100000], got " + maxWaitQueue);
        }
        return wrong;
    }

    /** These settings with every member {@code change} gives put over them (its chainId aside). */
    public ChainSettings with(ChainSettings change) {
        return new ChainSettings(chainId, or(change.name, name), or(change.kind, kind), or(change.baseUrl, baseUrl),
                or(change.apiKey, apiKey), or(change.signingSecret, signingSecret), or(change.breakerProfile, breakerProfile),
                or(change.rateLimitPerSecond, rateLimitPerSecond), or(change.maxConcurrentCalls, maxConcurrentCalls),
                or(change.maxConnections, maxConnections), or(change.maxWaitQueue, maxWaitQueue), or(change.callTimeoutMs, callTimeoutMs));
    }

    private static <T> T or(T given, T current) {
        return given != null ? given : current;
    }

    /** The partner kind named by {@code text}, or null when it names none. */
    public static PartnerKind parseKind(String text) {
        if (text == null) {
            return null;
        }
        for (PartnerKind kind : PartnerKind.values()) {
            if (kind.name().equals(text)) {
                return kind;
            }
        }
        return null;
    }

    private static void positive(Map<String, String> wrong, String field, Integer value, int max) {
        if (value != null && (value < 1 || value > max)) {
            wrong.put("/" + field, field + " must be within [1, " + max + "], got " + value);
        }
    }

    private static String urlProblem(String url) {
        if (url == null || url.isBlank()) {
            return "baseUrl is required: the chain's absolute http(s) URL";
        }
        if (url.length() > MAX_URL) {
            return "baseUrl allows at most " + MAX_URL + " characters";
        }
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return "baseUrl must be an absolute http(s) URL without credentials, query or fragment, got " + url;
            }
        } catch (URISyntaxException e) {
            return "baseUrl must be an absolute http(s) URL, got " + url;
        }
        return null;
    }

    /** Never shows the credentials. */
    @Override
    public String toString() {
        return "ChainSettings[" + chainId + ", " + kind + ", " + baseUrl + "]";
    }
}
