package org.ossnet.tracker.collection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ossnet.core.api.PublishedFile;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeException;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.PathConflicts;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.InvalidSnapshotException;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.Info;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.MetainfoException;
import org.ossnet.service.problem.ApiProblem;

/**
 * The files of a publish request, validated one by one: every refusal names its entry
 * ({@code files[3].path: …}). The tracker computes each info-hash itself from the submitted info
 * dictionary; it never takes a client's word for a swarm id.
 *
 * @param files the snapshot entries, in request order
 * @param infoByHash the raw info dictionaries to store, by hex info-hash
 */
record SubmittedFiles(List<SnapshotFile> files, Map<String, byte[]> infoByHash) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    static SubmittedFiles validate(List<PublishedFile> submitted, int maxFiles) {
        if (submitted == null) {
            throw ApiProblem.badRequest("files: missing");
        }
        if (submitted.size() > maxFiles) {
            throw ApiProblem.tooLarge("files: " + submitted.size() + " files, more than the limit of " + maxFiles);
        }
        List<SnapshotFile> files = new ArrayList<>(submitted.size());
        Map<String, byte[]> infos = new HashMap<>();
        Set<RelativePath> seen = new HashSet<>();
        for (int i = 0; i < submitted.size(); i++) {
            String at = "files[" + i + "]";
            PublishedFile file = submitted.get(i);
            if (file == null) {
                throw ApiProblem.badRequest(at + ": missing");
            }
            RelativePath path = path(file.path(), at);
            if (!seen.add(path)) {
                throw ApiProblem.badRequest(at + ".path: '" + path.path() + "' is listed twice");
            }
            if (file.size() < 0) {
                throw ApiProblem.badRequest(at + ".size: " + file.size() + " is negative");
            }
            if (file.sha256() == null || !SHA256.matcher(file.sha256()).matches()) {
                throw ApiProblem.badRequest(at + ".sha256: must be 64 lower-case hex digits");
            }
            files.add(entry(file, path, at, infos));
        }
        // Checked here, in request order, so the refusal names the entry the publisher sent rather than its place in
        // the sorted snapshot.
        PathConflicts.first(files.stream().map(SnapshotFile::path).toList()).ifPresent(c -> {
            throw ApiProblem.badRequest("files[" + c.index() + "].path: " + c.reason("files[" + c.other() + "]"));
        });
        return new SubmittedFiles(files, infos);
    }

    private static SnapshotFile entry(PublishedFile file, RelativePath path, String at, Map<String, byte[]> infos) {
        try {
            if (file.size() == 0) {
                if (file.info() != null) {
                    throw ApiProblem.badRequest(at + ".info: an empty file has no swarm, so no info dictionary");
                }
                return new SnapshotFile(path, 0, file.sha256(), 0, null);
            }
            if (file.info() == null) {
                throw ApiProblem.badRequest(at + ".info: missing (the bencoded info dictionary, base64)");
            }
            byte[] info = base64(file.info(), at);
            Metainfo metainfo = parseInfo(info, at);
            Info parsed = metainfo.info();
            if (parsed.length() != file.size()) {
                throw ApiProblem.badRequest(
                        at + ".info: describes " + parsed.length() + " bytes, but size is " + file.size());
            }
            if (!parsed.name().equals(path.fileName())) {
                throw ApiProblem.badRequest(
                        at + ".info: name '" + parsed.name() + "' is not the file's name '" + path.fileName() + "'");
            }
            String hex = metainfo.infoHash().toHex();
            infos.put(hex, info);
            return new SnapshotFile(path, file.size(), file.sha256(), parsed.pieceLength(), hex);
        } catch (InvalidSnapshotException e) {
            throw ApiProblem.badRequest(at + "." + e.getMessage());
        }
    }

    private static RelativePath path(String text, String at) {
        if (text == null) {
            throw ApiProblem.badRequest(at + ".path: missing");
        }
        try {
            return RelativePath.parse(text);
        } catch (InvalidNameException e) {
            throw ApiProblem.badRequest(at + ".path: " + e.getMessage());
        }
    }

    private static byte[] base64(String text, String at) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(at + ".info: not base64: " + e.getMessage());
        }
    }

    private static Metainfo parseInfo(byte[] info, String at) {
        // The bytes must be one canonical dictionary and nothing more: they are stored as submitted and embedded in
        // every torrent of this info-hash, so anything after the dictionary would poison that swarm's torrent for
        // everyone (it is hashed over the dictionary alone).
        try {
            if (!(Bencode.decode(info) instanceof BDictionary)) {
                throw ApiProblem.badRequest(at + ".info: not a bencoded dictionary");
            }
        } catch (BencodeException e) {
            throw ApiProblem.badRequest(at + ".info: " + e.getMessage());
        }
        // The info dictionary is parsed inside a minimal torrent, so the info-hash is taken over the raw bytes.
        byte[] torrent = new byte[info.length + 8];
        byte[] head = "d4:info".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, torrent, 0, head.length);
        System.arraycopy(info, 0, torrent, head.length, info.length);
        torrent[torrent.length - 1] = 'e';
        try {
            return Metainfo.parse(torrent);
        } catch (MetainfoException | BencodeException e) {
            throw ApiProblem.badRequest(at + ".info: " + e.getMessage());
        }
    }
}
