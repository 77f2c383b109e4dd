package io.aisle.adapters.legacyxml.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads and writes the legacy chain's {@link Documents}: one shared, thread-safe XML mapper (DTDs and
 * external entities off), the wire constants of the protocol, and its local times. Documents are a
 * few kilobytes at most, so they are read inline on the event loop.
 */
public final class LegacyXml {

    /** The header that carries the chain's API key. */
    public static final String API_KEY_HEADER = "X-JZ-ApiKey";
    /** Content type of every request and answer. */
    public static final String CONTENT_TYPE = "text/xml; charset=UTF-8";
    /** Most item codes one stock query may carry. */
    public static final int MAX_CODES_PER_QUERY = 20;
    /** The chain's clocks run on Beijing time and its documents carry local times without a zone. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    public static final String TIME_PATTERN = "uuuu-MM-dd HH:mm:ss";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(TIME_PATTERN).withResolverStyle(ResolverStyle.STRICT);
    private static final XMLInputFactory INPUT = secureInputFactory();
    private static final XmlMapper MAPPER = mapper();

    private LegacyXml() {
    }

    private static XMLInputFactory secureInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    private static XmlMapper mapper() {
        XmlMapper mapper = new XmlMapper(XmlFactory.builder().xmlInputFactory(INPUT).build());
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        mapper.configure(ToXmlGenerator.Feature.WRITE_XML_DECLARATION, true);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        return mapper;
    }

    /** The document as UTF-8 XML with its declaration. */
    public static byte[] write(Object document) {
        Objects.requireNonNull(document, "document");
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + document.getClass().getSimpleName() + " as XML", e);
        }
    }

    /** The document as a string, for logs and tests. */
    public static String text(Object document) {
        return new String(write(document), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Reads a document of the given type; its root element must be the type's. Anything else (not XML,
     * another root, a missing or invalid attribute) is an {@link InvalidDocument}.
     */
    public static <T> T read(byte[] xml, Class<T> type) {
        String expected = rootName(type);
        String root = rootOf(xml);
        if (!expected.equals(root)) {
            throw new InvalidDocument("expected <" + expected + ">, got <" + root + ">");
        }
        return bind(xml, type);
    }

    /**
     * Reads an answer that is either the expected document or the chain's {@code <Error>}. Anything
     * else is an {@link InvalidDocument}.
     */
    public static <T> Reply<T> readReply(byte[] xml, Class<T> type) {
        String expected = rootName(type);
        String root = rootOf(xml);
        if ("Error".equals(root)) {
            return Reply.error(bind(xml, Documents.ErrorReply.class));
        }
        if (!expected.equals(root)) {
            throw new InvalidDocument("expected <" + expected + "> or <Error>, got <" + root + ">");
        }
        return Reply.document(bind(xml, type));
    }

    /** The local name of the document's root element. */
    public static String rootOf(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw new InvalidDocument("empty body where an XML document was expected");
        }
        XMLStreamReader reader = null;
        try {
            reader = INPUT.createXMLStreamReader(new ByteArrayInputStream(xml));
            reader.nextTag();
            return reader.getLocalName();
        } catch (XMLStreamException | RuntimeException e) {
            throw new InvalidDocument("not XML: " + firstLine(e.getMessage()));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // Nothing is held open for a byte array.
                }
            }
        }
    }

    private static <T> T bind(byte[] xml, Class<T> type) {
        try {
            T value = MAPPER.readValue(xml, type);
            if (value == null) {
                throw new InvalidDocument("an empty <" + rootName(type) + ">");
            }
            return value;
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String message = cause instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : cause.getMessage();
            throw new InvalidDocument("not a valid <" + rootName(type) + ">: " + firstLine(message));
        } catch (IOException e) {
            throw new InvalidDocument("not XML: " + firstLine(e.getMessage()));
        }
    }

    private static String rootName(Class<?> type) {
        JacksonXmlRootElement root = type.getAnnotation(JacksonXmlRootElement.class);
        if (root == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " is not a document of the legacy API");
        }
        return root.localName();
    }

    // --- times -------------------------------------------------------------------------------------

    /** An instant as the chain writes it: local time to the second, rounded up so nothing ends early. */
    public static String time(Instant instant) {
        Instant rounded = instant.truncatedTo(ChronoUnit.SECONDS);
        if (rounded.isBefore(instant)) {
            rounded = rounded.plusSeconds(1);
        }
        return TIME.format(LocalDateTime.ofInstant(rounded, ZONE));
    }

    /** A local time of the chain as an instant. */
    public static Instant instant(String localTime) {
        try {
            return LocalDateTime.parse(localTime, TIME).atZone(ZONE).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("a time is " + TIME_PATTERN + " (Beijing time), got " + localTime);
        }
    }

    static void requireTime(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("attribute " + name + " is required");
        }
        try {
            LocalDateTime.parse(value, TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be " + TIME_PATTERN + ", got " + value);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    /** A document that is not XML, not the expected one, or breaks its rules. */
    public static final class InvalidDocument extends RuntimeException {
        public InvalidDocument(String message) {
            super(message, null, false, false);
        }
    }

    /** An answer: the expected document, or the chain's error; exactly one of the two. */
    public record Reply<T>(T document, Documents.ErrorReply error) {

        public Reply {
            if ((document == null) == (error == null)) {
                throw new IllegalArgumentException("a reply is a document or an error");
            }
        }

        static <T> Reply<T> document(T document) {
            return new Reply<>(document, null);
        }

        static <T> Reply<T> error(Documents.ErrorReply error) {
            return new Reply<>(null, error);
        }
    }
}
