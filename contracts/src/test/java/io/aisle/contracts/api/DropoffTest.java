package io.aisle.contracts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.contracts.Json;
import org.junit.jupiter.api.Test;

/** Drop-off instructions as the super-app sends them: a mode of three, a note, and the first version's fields still understood. */
class DropoffTest {

    @Test
    void readsTheModeAndTheNote() throws JsonProcessingException {
        Dropoff dropoff = read("{\"mode\": \"CALL_ON_ARRIVAL\", \"note\": \"gate 2, ring twice\"}");
        assertEquals(new Dropoff(DropoffMode.CALL_ON_ARRIVAL, "gate 2, ring twice"), dropoff);
        assertFalse(dropoff.contactless());
        assertTrue(read("{\"mode\": \"LEAVE_AT_DOOR\"}").contactless());
    }

    @Test
    void understandsTheFirstVersionsContactlessAndInstructions() throws JsonProcessingException {
        assertEquals(new Dropoff(DropoffMode.LEAVE_AT_DOOR, "guard booth"), read("{\"contactless\": true, \"instructions\": \"guard booth\"}"));
        assertEquals(new Dropoff(null, "call me"), read("{\"contactless\": false, \"instructions\": \"call me\"}"));
        assertEquals(new Dropoff(DropoffMode.HAND_TO_STAFF, "ward 3"),
                read("{\"mode\": \"HAND_TO_STAFF\", \"contactless\": true, \"note\": \"ward 3\", \"instructions\": \"old\"}"),
                "the new fields win");
    }

    @Test
    void writesOnlyTheModeAndTheNote() throws JsonProcessingException {
        assertEquals("{\"mode\":\"LEAVE_AT_DOOR\",\"note\":\"door\"}",
                Json.mapper().writeValueAsString(new Dropoff(DropoffMode.LEAVE_AT_DOOR, "door")));
    }

    @Test
    void refusesAModeNotOfTheThree() {
        Exception refused = assertThrows(JsonProcessingException.class, () -> read("{\"mode\": \"DROP_FROM_DRONE\"}"));
        assertTrue(rootMessage(refused).contains("dropoff.mode must be one of"), rootMessage(refused));
        assertThrows(JsonProcessingException.class, () -> read("{\"mode\": \"leave_at_door\"}"));
    }

    @Test
    void refusesANoteOver500CharactersOrWithControlCharacters() {
        assertThrows(IllegalArgumentException.class, () -> new Dropoff(null, "x".repeat(501)));
        assertThrows(IllegalArgumentException.class, () -> new Dropoff(DropoffMode.LEAVE_AT_DOOR, "door\u0007"));
        assertThrows(IllegalArgumentException.class, () -> new Dropoff(DropoffMode.LEAVE_AT_DOOR, "line\nbreak"));
        assertThrows(JsonProcessingException.class, () -> read("{\"instructions\": \"bell\\u001b[31m\"}"));
        assertNull(new Dropoff(null, null).mode());
    }

    private static Dropoff read(String json) throws JsonProcessingException {
        return Json.mapper().readValue(json, Dropoff.class);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
