package org.ossnet.agent.origin;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** Answers one parsed request with a file under the root: the GET/HEAD, conditional and range logic of the origin. */
final class FileResponder {

    private final RequestPaths paths;
    private final Withholding withholding;

    FileResponder(RequestPaths paths, Withholding withholding) {
        this.paths = paths;
        this.withholding = withholding;
    }

    void respond(HttpRequest request, ResponseWriter out, boolean keepAlive) throws IOException {
        boolean get = request.method().equals("GET");
        if (!get && !request.method().equals("HEAD")) {
            out.error(new ResponseHead(405).header("Allow", "GET, HEAD").connection(keepAlive), true);
            return;
        }
        // A withheld file is answered as a missing one, to the byte: its existence is as secret as its content.
        Optional<Path> file = paths.resolve(request.path()).filter(real -> !withholding.withholds(real));
        if (file.isEmpty()) {
            out.error(new ResponseHead(404).connection(keepAlive), get);
            return;
        }
        // Open the resolved real path without following a link, so a link swapped in after resolution is refused.
        try (FileChannel channel = FileChannel.open(file.get(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes attributes =
                    Files.readAttributes(file.get(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            send(request, get, Validators.of(attributes), fileName(file.get()), channel, out, keepAlive);
        } catch (NoSuchFileException e) {
            out.error(new ResponseHead(404).connection(keepAlive), get);
        }
    }

    private static void send(
            HttpRequest request,
            boolean get,
            Validators validators,
            String name,
            FileChannel channel,
            ResponseWriter out,
            boolean keepAlive)
            throws IOException {
        if (validators.notModified(request.header("if-none-match"), request.header("if-modified-since"))) {
            out.head(withValidators(new ResponseHead(304), validators).connection(keepAlive));
            return;
        }
        long size = validators.size();
        // RFC 9110 defines ranges for GET only; a HEAD describes the whole file.
        ByteRange range = get && validators.ifRangeHolds(request.header("if-range"))
                ? ByteRange.parse(request.header("range"), size)
                : new ByteRange.Whole();
        switch (range) {
            case ByteRange.Whole whole -> {
                out.head(bodyHead(200, validators, name, size).connection(keepAlive));
                if (get) {
                    out.transfer(channel, 0, size);
                }
            }
            case ByteRange.Slice slice -> {
                out.head(bodyHead(206, validators, name, slice.length())
                        .header("Content-Range", "bytes " + slice.first() + "-" + slice.last() + "/" + size)
                        .connection(keepAlive));
                out.transfer(channel, slice.first(), slice.length());
            }
            case ByteRange.Unsatisfiable unsatisfiable ->
                out.error(
                        withValidators(new ResponseHead(416), validators)
                                .header("Content-Range", "bytes */" + size)
                                .connection(keepAlive),
                        true);
        }
    }

    private static ResponseHead bodyHead(int status, Validators validators, String name, long length) {
        return withValidators(new ResponseHead(status), validators)
                .header("Accept-Ranges", "bytes")
                .header("Content-Type", MediaTypes.forFileName(name))
                // Published files may be anything, HTML included: never let a browser guess a more active type.
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Length", length);
    }

    private static ResponseHead withValidators(ResponseHead head, Validators validators) {
        return head.header("Last-Modified", HttpDates.format(validators.lastModified()))
                .header("ETag", validators.etag());
    }

    private static String fileName(Path file) {
        Path name = file.getFileName();
        return name == null ? "" : name.toString();
    }
}
