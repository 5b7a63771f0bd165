# One libtorrent peer for OSSNET's interop tests, driven by LibtorrentPeer.java.
#
# Usage: libtorrent_peer.py download|seed SOURCE SAVE_PATH STOP_FILE TIMEOUT_SECONDS
#   SOURCE is a .torrent file or a magnet link. "download" runs until the file is complete, "seed" until STOP_FILE
#   exists; both give up after TIMEOUT_SECONDS, and a download after a minute without progress (exit 3). Every half second, and once more at the end, a JSON status
#   line goes to stdout; the last one has "final": true and says whether the goal was met ("succeeded"). Besides
#   byte counts it lists the BEP 10 extended handshakes received, disconnect reasons ("errors") and, to diagnose a
#   failure, the first 60 other messages each way ("wire", from libtorrent's peer log).
# Only loopback is used: DHT, local discovery, UPnP, NAT-PMP, uTP and encryption are off, so every byte crosses plain
# BitTorrent over TCP.
import json
import os
import sys
import time

import libtorrent as lt

mode, source, save_path, stop_file, timeout = sys.argv[1:6]
deadline = time.monotonic() + float(timeout)

session = lt.session({
    "listen_interfaces": "127.0.0.1:0",
    "enable_dht": False,
    "enable_lsd": False,
    "enable_upnp": False,
    "enable_natpmp": False,
    "enable_incoming_utp": False,
    "enable_outgoing_utp": False,
    "allow_multiple_connections_per_ip": True,
    "out_enc_policy": 2,
    "in_enc_policy": 2,
    "alert_mask": lt.alert_category.status | lt.alert_category.error | lt.alert_category.peer
    | lt.alert_category.connect | lt.alert_category.peer_log | lt.alert_category.tracker,
})
if source.startswith("magnet:"):
    params = lt.parse_magnet_uri(source)
else:
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(source)
params.save_path = save_path
handle = session.add_torrent(params)

events = {"metadata_received": False, "finished": False, "errors": [], "extended_handshakes": [], "peers_seen": [],
          "wire": []}


def remember(key, value, limit=20):
    if value not in events[key] and len(events[key]) < limit:
        events[key].append(value)


def drain():
    for alert in session.pop_alerts():
        text = alert.message()
        if isinstance(alert, lt.metadata_received_alert):
            events["metadata_received"] = True
        elif isinstance(alert, lt.torrent_finished_alert):
            events["finished"] = True
        elif isinstance(alert, lt.peer_log_alert):
            # libtorrent logs each message it receives as "<== NAME"; the BEP 10 handshake is EXTENDED_HANDSHAKE.
            if "<== EXTENDED_HANDSHAKE" in text:
                remember("extended_handshakes", text)
            elif "<== " in text or "==> " in text:
                remember("wire", text, 60)
        elif isinstance(alert, lt.peer_connect_alert):
            remember("peers_seen", str(alert.endpoint))
        elif isinstance(alert, (lt.peer_disconnected_alert, lt.tracker_error_alert, lt.torrent_error_alert,
                                lt.metadata_failed_alert, lt.hash_failed_alert)):
            remember("errors", text, 50)


def status(final, succeeded=False):
    s = handle.status()
    peers = [{
        "ip": "%s:%d" % tuple(p.ip),
        "client": p.client.decode("utf-8", "replace") if isinstance(p.client, bytes) else str(p.client),
        "supports_extensions": bool(p.flags & lt.peer_info.supports_extensions),
        "downloaded": p.total_download,
        "uploaded": p.total_upload,
    } for p in handle.get_peer_info()]
    line = dict(events, final=final, succeeded=succeeded, mode=mode, state=str(s.state), is_seeding=s.is_seeding,
                listen_port=session.listen_port(), has_metadata=s.has_metadata, total_wanted=s.total_wanted,
                total_done=s.total_done, payload_downloaded=s.total_payload_download,
                payload_uploaded=s.total_payload_upload, peers=peers,
                error=s.errc.message() if s.errc.value() else "")
    print(json.dumps(line), flush=True)


def done():
    if mode == "download":
        return handle.status().is_seeding
    return os.path.exists(stop_file)


STALL_SECONDS = 60
next_status = 0.0
progress, progress_at = None, time.monotonic()
while not done() and time.monotonic() < deadline:
    if mode == "download":
        s = handle.status()
        if (s.has_metadata, s.total_done) != progress:
            progress, progress_at = (s.has_metadata, s.total_done), time.monotonic()
        elif time.monotonic() - progress_at > STALL_SECONDS:
            events["errors"].append("no progress for %d s" % STALL_SECONDS)
            break
    session.wait_for_alert(100)
    drain()
    if time.monotonic() >= next_status:
        status(False)
        next_status = time.monotonic() + 0.5
drain()
succeeded = done()
status(True, succeeded)
sys.exit(0 if succeeded else 3)
