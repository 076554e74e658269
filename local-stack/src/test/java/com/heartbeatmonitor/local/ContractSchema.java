package com.heartbeatmonitor.local;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A published schema of {@code contract/}, read from the repository's folder (not a copy), and what a device maker's
 * validator makes of the raw bytes of a Kafka message: UTF-8 JSON text holding one value, then the schema. Refusing
 * what is not JSON is the JSON parser's part, not the schema's; its limits are lifted here (nesting, string length) so
 * that what only the job's parser limits shows up as accepted (see {@code contract/parser-only.json}).
 */
final class ContractSchema {

    /** The contract folder, seen from a module's folder (where Maven runs its tests). */
    static final Path FOLDER = Path.of("..", "contract");

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(Integer.MAX_VALUE)
                            .maxStringLength(Integer.MAX_VALUE)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String file;
    private final Schema schema;

    private ContractSchema(String file, Schema schema) {
        this.file = file;
        this.schema = schema;
    }

    static ContractSchema load(String file) {
        try {
            return new ContractSchema(file, REGISTRY.getSchema(Files.readString(FOLDER.resolve(file))));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read " + FOLDER.resolve(file).toAbsolutePath(), e);
        }
    }

    /** The meta-schema of draft 2020-12 (bundled with the validator): a schema file is an instance of it. */
    static ContractSchema metaSchema() {
        String id = SpecificationVersion.DRAFT_2020_12.getDialectId();
        return new ContractSchema(id, REGISTRY.getSchema(SchemaLocation.of(id)));
    }

    /** Why {@code payload} is refused (not JSON, or the schema's errors), or null when it is valid. */
    String problems(byte[] payload) {
        if (payload == null) {
            return "no value";
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            return "not UTF-8";
        }
        // RFC 8259 section 8.1: a parser may ignore a byte order mark; the job's parser does.
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            return "no JSON value";
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JacksonException e) {
            return "not JSON: " + e.getOriginalMessage();
        }
        List<com.networknt.schema.Error> errors = schema.validate(json);
        return errors.isEmpty() ? null : file + ": " + errors;
    }

    boolean accepts(byte[] payload) {
        return problems(payload) == null;
    }

    boolean accepts(String json) {
        return accepts(json.getBytes(StandardCharsets.UTF_8));
    }
}
