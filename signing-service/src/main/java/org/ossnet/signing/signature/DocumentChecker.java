package org.ossnet.signing.signature;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;
import org.ossnet.core.region.RegionAuthorityException;
import org.ossnet.core.snapshot.InvalidSnapshotException;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotLimits;
import org.ossnet.service.problem.ApiProblem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses documents that are not what their kind claims, so the publisher's key never vouches for garbage.
 * Snapshots and region authorities must be in core's strict canonical forms. Revocation lists have no codec yet;
 * until they do, they must be one JSON object in strict UTF-8 without duplicate keys, because a verifier whose
 * parser picks the other duplicate would act on something other than what was signed.
 */
final class DocumentChecker {

    private static final JsonMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final SnapshotLimits snapshotLimits;

    DocumentChecker(int maxDocumentBytes) {
        this.snapshotLimits = new SnapshotLimits(maxDocumentBytes, SnapshotLimits.DEFAULTS.maxFiles());
    }

    /** @throws ApiProblem a 400 problem naming what is wrong */
    void check(DocumentKind kind, byte[] document) {
        switch (kind) {
            case SNAPSHOT -> snapshot(document);
            case REGION_AUTHORITY -> regionAuthority(document);
            case REVOCATION_LIST -> checkJsonObject(document);
        }
    }

    /**
     * The snapshot a document holds, decoded by core's strict canonical decoder.
     *
     * @throws ApiProblem a 400 problem naming what is wrong
     */
    Snapshot snapshot(byte[] document) {
        try {
            return SnapshotCodec.decode(document, snapshotLimits);
        } catch (InvalidSnapshotException e) {
            throw ApiProblem.invalid(e.field(), "Not a canonical snapshot: " + e.getMessage());
        }
    }

    /**
     * The region authority a document holds, decoded by core's strict canonical decoder.
     *
     * @throws ApiProblem a 400 problem naming what is wrong
     */
    RegionAuthority regionAuthority(byte[] document) {
        try {
            return RegionAuthorityCodec.decode(document);
        } catch (RegionAuthorityException e) {
            throw ApiProblem.invalid(e.field(), "Not a canonical region authority: " + e.getMessage());
        }
    }

    private static void checkJsonObject(byte[] document) {
        if (document.length == 0) {
            throw ApiProblem.invalid("document", "The document is empty.");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(document))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiProblem.invalid("document", "The document is not valid UTF-8.");
        }
        JsonNode tree;
        try {
            tree = STRICT_JSON.readTree(text);
        } catch (JacksonException e) {
            throw ApiProblem.invalid("document", "The document is not valid JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw ApiProblem.invalid("document", "The document must be a JSON object.");
        }
    }
}
