package org.ossnet.stats.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvMessageConverterTest {

    @Test
    void quotesOnlyFieldsWithACommaAQuoteOrALineBreak() throws Exception {
        StringWriter out = new StringWriter();
        CsvMessageConverter.writeRecord(
                out,
                Arrays.asList(
                        "plain.iso",
                        "a,b",
                        "say \"hi\"",
                        "two\nlines",
                        "cr\rhere",
                        null,
                        LocalDate.of(2026, 6, 1),
                        new BigDecimal("1E+1"),
                        7L));
        assertThat(out.toString())
                .isEqualTo("plain.iso,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",,2026-06-01,10,7\r\n");
    }
}
