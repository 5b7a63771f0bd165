package org.ossnet.announce.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.announce.AnnounceRequest;
import org.ossnet.core.announce.InvalidAnnounceException;

class QueryParserTest {

    static final String HASH_HEX = "00112233445566778899aabbccddeeff2b7e0041";
    /** The same 20 bytes, with unreserved bytes raw as clients send them and '+' as a literal byte. */
    static final String HASH_QUERY = "%00%11%223DUf%77%88%99%AA%bb%CC%DD%EE%FF+~%00A";

    static final String VALID =
            "info_hash=" + HASH_QUERY + "&peer_id=-AR1360-abcdefghijkl&port=6881" + "&uploaded=1&downloaded=2&left=3";

    static AnnounceRequest parse(String query) {
        return QueryParser.parseAnnounce(query, QueryLimits.DEFAULTS);
    }

    @Test
    void decodesBinaryInfoHashAndEveryField() {
        AnnounceRequest request = parse(VALID + "&event=started&numwant=80&compact=0&no_peer_id=1&ossnet_upload=0");
        assertThat(request.infoHash().toHex()).isEqualTo(HASH_HEX);
        assertThat(new String(request.peerId().bytes())).isEqualTo("-AR1360-abcdefghijkl");
        assertThat(request.port()).isEqualTo(6881);
        assertThat(request.uploaded()).isEqualTo(1);
        assertThat(request.downloaded()).isEqualTo(2);
        assertThat(request.left()).isEqualTo(3);
        assertThat(request.event()).isEqualTo(AnnounceEvent.STARTED);
        assertThat(request.numwant()).isEqualTo(80);
        assertThat(request.compact()).isFalse();
        assertThat(request.noPeerId()).isTrue();
        assertThat(request.uploadOff()).isTrue();
    }

    @Test
    void defaultsToCompactUploadOnNoEventAndTheTrackersNumwant() {
        AnnounceRequest request = parse(VALID);
        assertThat(request.event()).isEqualTo(AnnounceEvent.NONE);
        assertThat(request.numwant()).isEqualTo(-1);
        assertThat(request.compact()).isTrue();
        assertThat(request.uploadOff()).isFalse();
    }

    @Test
    void ignoresUnknownParametersIncludingIpAndEmptySegments() {
        AnnounceRequest request = parse(VALID + "&ip=6.6.6.6&key=abc&supportcrypto=1&&trackerid=&event=");
        assertThat(request.port()).isEqualTo(6881);
        assertThat(request.event()).isEqualTo(AnnounceEvent.NONE);
    }

    @Test
    void readsPausedAsARegularAnnounce() {
        assertThat(parse(VALID + "&event=paused").event()).isEqualTo(AnnounceEvent.NONE);
    }

    /** The valid query with one parameter replaced, or added if it was not there. */
    static String with(String parameter) {
        String key = parameter.substring(0, parameter.indexOf('='));
        return VALID.contains(key + "=")
                ? VALID.replaceAll("(?<=^|&)" + key + "=[^&]*", java.util.regex.Matcher.quoteReplacement(parameter))
                : VALID + "&" + parameter;
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "port=0 | port: must be 1-65535, not 0",
                "port=65536 | port: must be 1-65535, not 65536",
                "left=-1 | left: must be a non-negative decimal integer",
                "event=finished | event: must be",
                "compact=2 | compact: must be 0 or 1",
                "ossnet_upload=yes | ossnet_upload: must be 0 or 1",
                "info_hash=abc | info_hash: must be 20 bytes, not 3",
                "info_hash=aaaaaaaaaaaaaaaaaaaaa | info_hash: longer than 20 bytes",
                "peer_id=%00%11%22%3 | peer_id: truncated percent-escape",
                "info_hash=%0G%11 | info_hash: bad percent-escape",
                "left=+1 | left: must be a non-negative decimal integer",
                "left=1 2 | left: must be a non-negative decimal integer",
                "left=99999999999999999999 | left: must be a non-negative decimal integer",
                "left=9223372036854775808 | left: too large",
                "uploaded= | uploaded: must be a non-negative decimal integer",
                "numwant=-1 | numwant: must be a non-negative decimal integer",
                "x=a b | query: raw character 32",
            })
    void refusesInvalidQueriesWithAMessageNamingTheParameter(String parameter, String message) {
        assertThatThrownBy(() -> parse(with(parameter)))
                .isInstanceOf(InvalidAnnounceException.class)
                .hasMessageContaining(message);
    }

    @Test
    void refusesMissingRequiredParameters() {
        for (String key : new String[] {"info_hash", "peer_id", "port", "uploaded", "downloaded", "left"}) {
            String query = VALID.replaceAll("(?<=^|&)" + key + "=[^&]*&?", "");
            assertThatThrownBy(() -> parse(query)).hasMessage(key + ": missing");
        }
    }

    @Test
    void refusesARepeatedParameter() {
        assertThatThrownBy(() -> parse(VALID + "&left=3")).hasMessage("left: given more than once");
    }

    @Test
    void refusesRawNonAsciiAndOverlongQueries() {
        assertThatThrownBy(() -> parse(VALID + "&x=é")).isInstanceOf(InvalidAnnounceException.class);
        assertThatThrownBy(() -> parse(VALID + "&pad=" + "a".repeat(9000)))
                .isInstanceOf(InvalidAnnounceException.class)
                .hasMessageContaining("longer than 8192");
        assertThatThrownBy(() -> parse("")).hasMessage("query: missing");
        assertThatThrownBy(() -> parse(null)).hasMessage("query: missing");
    }

    @Test
    void scrapesOneOrManyInfoHashesUpToTheLimit() {
        ScrapeRequest request = QueryParser.parseScrape(
                "info_hash=" + HASH_QUERY + "&info_hash=aaaaaaaaaaaaaaaaaaaa", QueryLimits.DEFAULTS);
        assertThat(request.infoHashes()).hasSize(2);
        assertThat(request.infoHashes().get(1).bytes()).isEqualTo("aaaaaaaaaaaaaaaaaaaa".getBytes());
        QueryLimits two = new QueryLimits(8192, 2, 10);
        assertThatThrownBy(() -> QueryParser.parseScrape(
                        "info_hash=aaaaaaaaaaaaaaaaaaaa&info_hash=aaaaaaaaaaaaaaaaaaaa&info_hash=aaaaaaaaaaaaaaaaaaaa",
                        two))
                .isInstanceOf(InvalidAnnounceException.class)
                .hasMessageContaining("at most 2");
        assertThatThrownBy(() -> QueryParser.parseScrape("foo=1", QueryLimits.DEFAULTS))
                .hasMessageContaining("info_hash: missing");
    }

    @Test
    void refusesARepeatedInfoHashInAnAnnounce() {
        assertThatThrownBy(() -> parse(VALID + "&info_hash=" + HASH_QUERY))
                .hasMessage("info_hash: given more than once");
    }

    @Test
    void hashConstantsAgree() {
        assertThat(HexFormat.of().parseHex(HASH_HEX)).hasSize(20);
    }
}
