package io.aisle.gateway.config;

import java.net.URI;

/** Redis: a {@code redis://[:password@]host:port[/db]} URL and the size of our connection pool. */
public record RedisConfig(String url, int poolSize, int maxWaitingHandlers) {

    public RedisConfig {
        Settings.require(url != null && !url.isBlank(), "redis.url is required");
        if (url != null && !url.isBlank()) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("redis.url is not a URL: " + url);
            }
            Settings.require(("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null,
                    "redis.url must look like redis://host:port/db, got " + url);
        }
        Settings.require(poolSize >= 1 && poolSize <= 500, "redis.poolSize must be within [1, 500], got " + poolSize);
        Settings.require(maxWaitingHandlers >= 1, "redis.maxWaitingHandlers must be positive");
    }

    @Override
    public String toString() {
        return "RedisConfig[" + url.replaceAll("//[^@/]*@", "//***@") + ", poolSize=" + poolSize + "]";
    }
}
