package org.ossnet.agent.text;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers with a fixed count of decimals, as {@code String.format(Locale.ROOT, "%.1f", x)} writes them, without a
 * {@code Formatter}: a format of a number in any locale but {@code Locale.US} looks its digits up in the locale's
 * {@code DecimalFormatSymbols}, whose first use loads the locale data, about 8 ms of a small {@code get}'s last line.
 */
public final class Decimals {

    private Decimals() {}

    /**
     * {@code value} with {@code places} decimals, rounded half up from its shortest decimal form, as {@code %.Nf}
     * rounds; never in exponent form. Finite values only.
     */
    public static String fixed(double value, int places) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        return new BigDecimal(Double.toString(value))
                .setScale(places, RoundingMode.HALF_UP)
                .toPlainString();
    }

    /** {@code n} with at least two digits, as {@code %02d} writes a non-negative one. */
    public static String twoDigits(long n) {
        return n >= 0 && n < 10 ? "0" + n : Long.toString(n);
    }
}
