package org.ossnet.announce.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ossnet.core.announce.InvalidAnnounceException;

/** Whatever the input, the decoders either decode it or throw their one documented exception. */
class QueryParserProperties {

    @Property(tries = 3000)
    void announceThrowsOnlyTheDocumentedExceptionForAnyString(@ForAll("queries") String query) {
        try {
            QueryParser.parseAnnounce(query, QueryLimits.DEFAULTS);
        } catch (InvalidAnnounceException expected) {
            // the one documented outcome besides success
        }
    }

    @Property(tries = 3000)
    void scrapeThrowsOnlyTheDocumentedExceptionForAnyString(@ForAll("queries") String query) {
        try {
            QueryParser.parseScrape(query, QueryLimits.DEFAULTS);
        } catch (InvalidAnnounceException expected) {
            // the one documented outcome besides success
        }
    }

    @Property(tries = 2000)
    void mutatedValidAnnouncesThrowOnlyTheDocumentedException(
            @ForAll("positions") int position, @ForAll("fragments") String fragment) {
        String valid = QueryParserTest.VALID + "&event=completed&numwant=10";
        int at = position % (valid.length() + 1);
        try {
            QueryParser.parseAnnounce(valid.substring(0, at) + fragment + valid.substring(at), QueryLimits.DEFAULTS);
        } catch (InvalidAnnounceException expected) {
            // the one documented outcome besides success
        }
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> querylike = Arbitraries.strings()
                .withChars("info_hashpeer_idportleftuploadedeventnumwantcompact=&%0123456789abcdefABCDEF+-~é\u0000 ")
                .ofMaxLength(400);
        return Arbitraries.oneOf(any, querylike);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<String> fragments() {
        return Arbitraries.of("&", "=", "%", "%4", "%zz", "&port=0", "&left=-1", "&info_hash=x", "9", "é", "&&", "=&=")
                .list()
                .ofMaxSize(4)
                .map(parts -> String.join("", parts));
    }
}
