package org.ossnet.core.torrent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Asks libtorrent, through its Python binding, what it makes of a torrent and the data beside it. */
final class LibtorrentCheck {

    /** The interpreter with Debian's modules; a pyenv {@code python3} earlier on the PATH would lack them. */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String SCRIPT = """
            # Loads a .torrent with libtorrent, lets it hash-check the data in save_path, prints one JSON line.
            # Usage: libtorrent_check.py TORRENT SAVE_PATH TIMEOUT_SECONDS
            # Only loopback is used: DHT, local discovery, UPnP and NAT-PMP are off.
            import json
            import sys
            import time

            import libtorrent as lt

            torrent_path, save_path, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])

            info = lt.torrent_info(torrent_path)
            result = {
                "info_hash": str(info.info_hashes().v1),
                "name": info.name(),
                "total_size": info.total_size(),
                "num_pieces": info.num_pieces(),
                "piece_length": info.piece_length(),
            }

            session = lt.session({
                "listen_interfaces": "127.0.0.1:0",
                "enable_dht": False,
                "enable_lsd": False,
                "enable_upnp": False,
                "enable_natpmp": False,
                "alert_mask": lt.alert.category_t.status_notification | lt.alert.category_t.error_notification,
            })
            params = lt.add_torrent_params()
            params.ti = info
            params.save_path = save_path
            handle = session.add_torrent(params)

            # Without resume data libtorrent hashes every piece already on disk before it decides what it has;
            # torrent_checked_alert marks the end of that check.
            checked = False
            deadline = time.monotonic() + timeout
            while not checked and time.monotonic() < deadline:
                session.wait_for_alert(200)
                for alert in session.pop_alerts():
                    if isinstance(alert, lt.torrent_checked_alert):
                        checked = True
            status = handle.status()
            result.update({
                "checked": checked,
                "state": str(status.state),
                "is_seeding": status.is_seeding,
                "pieces_verified": status.num_pieces,
                "error": status.errc.message() if status.errc.value() else "",
            })
            print(json.dumps(result))
            """;

    private LibtorrentCheck() {}

    /**
     * Loads {@code torrent}, lets libtorrent hash-check the file in {@code savePath}, and returns its report: {@code
     * info_hash}, {@code name}, {@code total_size}, {@code num_pieces}, {@code piece_length}, {@code checked}, {@code
     * state}, {@code is_seeding}, {@code pieces_verified} and {@code error}.
     */
    static JsonNode run(Path torrent, Path savePath, Path workDir, Duration timeout) throws Exception {
        Path script = Files.writeString(Files.createTempFile(workDir, "libtorrent_check", ".py"), SCRIPT);
        var result = ExternalProcess.run(
                timeout.plusSeconds(30),
                workDir,
                List.of(
                        PYTHON.toString(),
                        script.toString(),
                        torrent.toString(),
                        savePath.toString(),
                        Long.toString(timeout.toSeconds())));
        if (result.exitCode() != 0) {
            throw new AssertionError("libtorrent check failed: " + result.describe());
        }
        String lastLine = result.stdout().strip().lines().reduce((a, b) -> b).orElse("");
        return JsonMapper.builder().build().readTree(lastLine);
    }
}
