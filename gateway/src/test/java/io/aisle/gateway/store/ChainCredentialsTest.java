package io.aisle.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ChainCredentialsTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void sealsSoTheStoredFormNeverShowsTheValueAndOpensItAgain() {
        ChainCredentials credentials = ChainCredentials.withKey(KEY);
        String sealed = credentials.seal("wumart", "apiKey", "wm-secret-api-key");

        assertTrue(sealed.startsWith("v1:"));
        assertFalse(sealed.contains("wm-secret-api-key"));
        assertNotEquals(sealed, credentials.seal("wumart", "apiKey", "wm-secret-api-key"), "a fresh nonce every time");
        assertEquals("wm-secret-api-key", credentials.open("wumart", "apiKey", sealed));
    }

    @Test
    void aSealedValueDoesNotOpenForAnotherChainAnotherFieldOrAnotherKey() {
        String sealed = ChainCredentials.withKey(KEY).seal("wumart", "apiKey", "wm-secret-api-key");

        assertThrows(IllegalStateException.class, () -> ChainCredentials.withKey(KEY).open("carrefour", "apiKey", sealed));
        assertThrows(IllegalStateException.class, () -> ChainCredentials.withKey(KEY).open("wumart", "signingSecret", sealed));
        assertThrows(IllegalStateException.class, () -> ChainCredentials.withKey(OTHER_KEY).open("wumart", "apiKey", sealed));
        assertThrows(IllegalStateException.class, () -> ChainCredentials.withKey("").open("wumart", "apiKey", sealed));
    }

    @Test
    void withoutAKeyStoresPlainTextThatAKeyedInstanceStillOpens() {
        String plain = ChainCredentials.withKey("").seal("wumart", "apiKey", "k");

        assertEquals("plain:k", plain);
        assertEquals("k", ChainCredentials.withKey(KEY).open("wumart", "apiKey", plain));
        assertNull(ChainCredentials.withKey(KEY).seal("wumart", "apiKey", null));
    }

    @Test
    void refusesAKeyThatIsNot32BytesOfBase64() {
        assertThrows(IllegalArgumentException.class, () -> ChainCredentials.withKey("not base64!"));
        assertThrows(IllegalArgumentException.class, () -> ChainCredentials.withKey(Base64.getEncoder().encodeToString(new byte[16])));
    }
}
