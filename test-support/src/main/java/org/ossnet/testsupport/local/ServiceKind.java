package org.ossnet.testsupport.local;

/** The four OSSNET services as the launcher knows them: module, database and default port. */
public enum ServiceKind {
    TRACKER("tracker-service", "tracker", 8080),
    SIGNING("signing-service", "signing", 8081),
    STATS("stats-service", "stats", 8082),
    REGION("region-service", "region", 8083);

    private final String module;
    private final String database;
    private final int defaultPort;

    ServiceKind(String module, String database, int defaultPort) {
        this.module = module;
        this.database = database;
        this.defaultPort = defaultPort;
    }

    /** The Maven module, which is also the Spring application name and the metrics tag. */
    public String module() {
        return module;
    }

    /** The database the service owns, and the {@code ossnet.<name>} configuration prefix. */
    public String database() {
        return database;
    }

    /** The port the service listens on unless told otherwise. */
    public int defaultPort() {
        return defaultPort;
    }
}
