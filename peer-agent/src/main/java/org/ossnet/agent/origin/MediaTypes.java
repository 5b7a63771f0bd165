package org.ossnet.agent.origin;

import java.util.Locale;
import java.util.Map;

/** Content types by file extension for what software trees hold; anything else is {@code application/octet-stream}. */
final class MediaTypes {

    static final String DEFAULT = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("asc", "application/pgp-signature"),
            Map.entry("sig", "application/pgp-signature"),
            Map.entry("gpg", "application/pgp-keys"),
            Map.entry("torrent", "application/x-bittorrent"),
            Map.entry("meta4", "application/metalink4+xml"),
            Map.entry("json", "application/json"),
            Map.entry("xml", "application/xml"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("iso", "application/x-iso9660-image"),
            Map.entry("rpm", "application/x-rpm"),
            Map.entry("deb", "application/vnd.debian.binary-package"),
            Map.entry("gz", "application/gzip"),
            Map.entry("tgz", "application/gzip"),
            Map.entry("xz", "application/x-xz"),
            Map.entry("bz2", "application/x-bzip2"),
            Map.entry("zst", "application/zstd"),
            Map.entry("tar", "application/x-tar"),
            Map.entry("zip", "application/zip"),
            Map.entry("jar", "application/java-archive"),
            Map.entry("png", "image/png"),
            Map.entry("svg", "image/svg+xml"));

    private MediaTypes() {}

    static String forFileName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return DEFAULT;
        }
        return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }
}
