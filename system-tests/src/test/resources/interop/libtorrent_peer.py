# One libtorrent peer for OSSNET's interop tests, driven by LibtorrentPeer.java.
#
# Usage: libtorrent_peer.py download|seed SOURCE SAVE_PATH STOP_FILE TIMEOUT_SECONDS VERDICT_FILE
#   SOURCE is a .torrent file or a magnet link. "download" runs until the file is complete, "seed" until STOP_FILE
#   exists; both give up after TIMEOUT_SECONDS, and a download after a minute without progress. Every half second a
#   JSON status line goes to stdout. Besides byte counts it lists the BEP 10 extended handshakes received, disconnect
#   reasons ("errors") and, to diagnose a failure, the first 60 other messages each way ("wire", from libtorrent's peer
#   log).
#
# The verdict: once the goal is decided, the final status ("final": true, "succeeded" says whether the goal was met) is
# written to VERDICT_FILE (a temporary file renamed into place, so the file is whole or absent) and printed, and the
# script leaves with os._exit: the Python binding has crashed (SIGSEGV) in interpreter and session teardown
# (arvidn/libtorrent#580), and nothing after the verdict may change it. Exit code 0 if the goal was met, else 3.
# faulthandler prints a Python stack into the log if the binding crashes earlier; libtorrent 2.0 replaces its SIGSEGV
# and SIGBUS handlers with its own (for errors on memory-mapped files) once it maps the torrent's file, and that one
# prints nothing, so the script puts faulthandler back every half second (a disk error on a mapped file then crashes
# with a stack instead of becoming a torrent error: fine for a test).
#
# Only loopback is used: DHT, local discovery, UPnP, NAT-PMP, uTP and encryption are off, so every byte crosses plain
# BitTorrent over TCP.
import faulthandler
import json
import os
import sys
import time

faulthandler.enable()

import libtorrent as lt  # noqa: E402 (after faulthandler, so a crash while loading it has a stack too)

mode, source, save_path, stop_file, timeout, verdict_file = sys.argv[1:7]
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
    # The peer log posts several alerts per block; a descheduled script must not lose the early ones (the handshakes)
    # to an overflowing queue.
    "alert_queue_size": 200000,
    "alert_mask": lt.alert_category.status | lt.alert_category.error | lt.alert_category.peer
    | lt.alert_category.connect | lt.alert_category.peer_log | lt.alert_category.tracker
    | lt.alert_category.storage,
})
if source.startswith("magnet:"):
    params = lt.parse_magnet_uri(source)
else:
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(source)
params.save_path = save_path
handle = session.add_torrent(params)

events = {"metadata_received": False, "finished": False, "flushed": False, "errors": [], "notes": [],
          "extended_handshakes": [], "peers_seen": [], "wire": []}


def remember(key, value, limit=20):
    if value not in events[key] and len(events[key]) < limit:
        events[key].append(value)


def drain():
    # Only strings leave this loop: an alert must not be touched after the next pop_alerts (arvidn/libtorrent#7429).
    for alert in session.pop_alerts():
        text = alert.message()
        if isinstance(alert, lt.metadata_received_alert):
            events["metadata_received"] = True
        elif isinstance(alert, lt.torrent_finished_alert):
            events["finished"] = True
        elif isinstance(alert, lt.cache_flushed_alert):
            events["flushed"] = True
        elif isinstance(alert, lt.alerts_dropped_alert):
            remember("notes", "alerts dropped: the lists below may be incomplete")
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
    return dict(events, final=final, succeeded=succeeded, mode=mode, state=str(s.state), is_seeding=s.is_seeding,
                listen_port=session.listen_port(), has_metadata=s.has_metadata, total_wanted=s.total_wanted,
                total_done=s.total_done, payload_downloaded=s.total_payload_download,
                payload_uploaded=s.total_payload_upload, peers=peers,
                error=s.errc.message() if s.errc.value() else "")


def done():
    if mode == "download":
        return handle.status().is_seeding
    return os.path.exists(stop_file)


def settle(condition, seconds):
    """Keeps draining alerts until condition() holds or seconds pass; says whether it held."""
    until = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > until:
            return False
        session.wait_for_alert(100)
        drain()
    return True


def leave(succeeded):
    """Writes the verdict whole (temporary file, flush, fsync, rename), prints it, and exits without any teardown."""
    faulthandler.disable()
    faulthandler.enable()
    line = json.dumps(status(True, succeeded))
    temporary = verdict_file + ".tmp"
    with open(temporary, "w") as f:
        f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, verdict_file)
    print(line, flush=True)
    sys.stderr.flush()
    os._exit(0 if succeeded else 3)


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
        faulthandler.disable()
        faulthandler.enable()
        print(json.dumps(status(False)), flush=True)
        next_status = time.monotonic() + 0.5
drain()
succeeded = done()
if succeeded and mode == "download":
    # A finished torrent's last blocks may still sit in libtorrent's disk cache (1.2) or dirty mapped pages (2.0):
    # flush them, so the test that reads the file after the verdict reads what libtorrent verified. (libtorrent may
    # have flushed on its own before: only an alert after this request counts.)
    drain()
    events["flushed"] = False
    handle.flush_cache()
    if not settle(lambda: events["flushed"], 30):
        remember("notes", "no cache_flushed_alert within 30 s")
if succeeded and mode == "seed":
    # Asked to stop once the other side is done: wait for its connections to close, so that the byte counts include
    # everything it sent before (a block it sent us late must count).
    if not settle(lambda: not handle.get_peer_info(), 15):
        remember("notes", "peers still connected after 15 s; counts taken with them connected")
leave(succeeded)
