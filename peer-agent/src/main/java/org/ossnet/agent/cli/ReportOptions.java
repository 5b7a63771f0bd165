package org.ossnet.agent.cli;

import java.util.function.Function;

/** Whether download events are reported: on unless {@code --no-report} or {@code OSSNET_REPORT=0}. */
final class ReportOptions {

    private ReportOptions() {}

    /** Whether the environment turns reporting off ({@code OSSNET_REPORT=0}, {@code false}, {@code off} or {@code no}). */
    static boolean disabled(Function<String, String> env) {
        String value = env.apply("OSSNET_REPORT");
        return value != null
                && (value.equals("0")
                        || value.equalsIgnoreCase("false")
                        || value.equalsIgnoreCase("off")
                        || value.equalsIgnoreCase("no"));
    }
}
