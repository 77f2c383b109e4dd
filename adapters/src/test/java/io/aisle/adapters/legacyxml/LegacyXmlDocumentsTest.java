package io.aisle.adapters.legacyxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.adapters.legacyxml.protocol.Documents;
import io.aisle.adapters.legacyxml.protocol.LegacyXml;
import io.aisle.adapters.legacyxml.protocol.LegacyXml.InvalidDocument;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyXmlDocumentsTest {

    @Test
    void writesAStockQueryAsTheChainDocumentsIt() {
        String xml = LegacyXml.text(new Documents.StockQuery("JZ0001",
                List.of(new Documents.ItemCode("JZ-100234"), new Documents.ItemCode("JZ-200001"))));

        assertEquals("<?xml version='1.0' encoding='UTF-8'?><StockQuery branch=\"JZ0001\"><Item code=\"JZ-100234\"/><Item code=\"JZ-200001\"/></StockQuery>", xml);
    }

    @Test
    void readsAStockReplyWithLevelsPricesAndUnits() {
        Documents.StockReply reply = LegacyXml.read(bytes("""
                <?xml version="1.0" encoding="UTF-8"?>
                <StockReply branch="JZ0001" time="2020-01-23 10:15:30" extra="ignored">
                  <Item code="JZ-100234" qty="12" priceFen="5490" unit="EA"/>
                  <Item code="JZ-200001" qty="-3" priceFen="650" unit="JIN"/>
                </StockReply>"""), Documents.StockReply.class);

        assertEquals("JZ0001", reply.branch());
        assertEquals(Instant.parse("2020-01-23T02:15:30Z"), LegacyXml.instant(reply.time()));
        assertEquals(List.of(new Documents.StockLevel("JZ-100234", 12, 5490, "EA"), new Documents.StockLevel("JZ-200001", -3, 650, "JIN")),
                reply.items());
    }

    @Test
    void readsAnEmptyStockReplyAsNoItems() {
        Documents.StockReply reply = LegacyXml.read(bytes("<StockReply branch=\"JZ0001\" time=\"2020-01-23 10:15:30\"/>"), Documents.StockReply.class);

        assertTrue(reply.items().isEmpty());
    }

    @Test
    void readsTheChainsErrorInsteadOfTheExpectedDocument() {
        LegacyXml.Reply<Documents.StockReply> reply = LegacyXml.readReply(
                bytes("<Error code=\"E200\" msg=\"系统繁忙\" retry=\"3\"/>"), Documents.StockReply.class);

        assertNull(reply.document());
        assertEquals(new Documents.ErrorReply("E200", "系统繁忙", 3), reply.error());
    }

    @Test
    void readsADocumentInTheEncodingItDeclares() {
        byte[] gbk = "<?xml version=\"1.0\" encoding=\"GBK\"?><Error code=\"E102\" msg=\"库存不足\"/>".getBytes(java.nio.charset.Charset.forName("GBK"));

        assertEquals("库存不足", LegacyXml.readReply(gbk, Documents.ReserveReply.class).error().msg());
    }

    @Test
    void refusesWhatIsNotTheExpectedDocument() {
        assertThrows(InvalidDocument.class, () -> LegacyXml.read(bytes("<StockReply branch=\"JZ0001\" time=\"2020-01-23 10:"), Documents.StockReply.class));
        assertThrows(InvalidDocument.class, () -> LegacyXml.read(bytes("<html><body>Session expired</body></html>"), Documents.StockReply.class));
        assertThrows(InvalidDocument.class, () -> LegacyXml.readReply(bytes("<Response><Result>OK</Result></Response>"), Documents.StockReply.class));
        assertThrows(InvalidDocument.class, () -> LegacyXml.read(bytes(""), Documents.StockReply.class));
        assertThrows(InvalidDocument.class, () -> LegacyXml.read(bytes("{\"items\":[]}"), Documents.StockReply.class));
    }

    @Test
    void refusesADocumentThatBreaksItsRules() {
        assertThrows(InvalidDocument.class, () -> LegacyXml.read(bytes("<StockReply branch=\"JZ0001\"/>"), Documents.StockReply.class),
                "time is required");
        assertThrows(InvalidDocument.class, () -> LegacyXml.read(
                bytes("<StockReply branch=\"JZ0001\" time=\"2020-01-23 10:15:30\"><Item code=\"A\" qty=\"x\" priceFen=\"1\" unit=\"EA\"/></StockReply>"),
                Documents.StockReply.class), "qty is a number");
        assertThrows(InvalidDocument.class, () -> LegacyXml.read(
                bytes("<StockReply branch=\"JZ0001\" time=\"2020-01-23 10:15:30\"><Item code=\"A\" qty=\"1\" priceFen=\"1\" unit=\"KG\"/></StockReply>"),
                Documents.StockReply.class), "unit is EA or JIN");
        assertThrows(InvalidDocument.class, () -> LegacyXml.read(
                bytes("<Reserve branch=\"JZ0001\" reserveNo=\"h\" orderNo=\"o\" expires=\"2020-01-23 10:15:30\"><Item code=\"A\" qty=\"0\"/></Reserve>"),
                Documents.Reserve.class), "quantities are positive");
        assertThrows(InvalidDocument.class, () -> LegacyXml.read(bytes("<StockQuery branch=\"JZ0001\"/>"), Documents.StockQuery.class),
                "a query asks about something");
    }

    @Test
    void refusesDocumentTypeDeclarationsSoNoEntityIsEverExpanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Error [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Error code=\"E500\" msg=\"&x;\"/>";

        assertThrows(InvalidDocument.class, () -> LegacyXml.readReply(bytes(xxe), Documents.StockReply.class));
    }

    @Test
    void writesTimesInBeijingTimeRoundedUpToTheSecond() {
        Instant instant = Instant.parse("2020-01-23T02:15:30.200Z");

        assertEquals("2020-01-23 10:15:31", LegacyXml.time(instant));
        assertEquals("2020-01-23 10:15:30", LegacyXml.time(Instant.parse("2020-01-23T02:15:30Z")));
        assertEquals(Instant.parse("2020-01-23T02:15:31Z"), LegacyXml.instant(LegacyXml.time(instant)));
    }

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
