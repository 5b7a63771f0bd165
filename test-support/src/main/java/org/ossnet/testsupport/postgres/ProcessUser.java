package org.ossnet.testsupport.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * Who runs the PostgreSQL server processes.
 *
 * <p>PostgreSQL refuses to run as root. CI containers and fresh cloud machines often run as
 * root, so there we run {@code initdb}, {@code postgres} and {@code pg_ctl} as the unprivileged
 * user {@code nobody} through util-linux's {@code setpriv}, and hand it the data directory.
 */
record ProcessUser(long uid, boolean root) {

    private static final String UNPRIVILEGED = "nobody";

    static ProcessUser current() {
        long uid = new com.sun.security.auth.module.UnixSystem().getUid();
        return new ProcessUser(uid, uid == 0);
    }

    /** The command line to run {@code command} as the user the server runs as. */
    List<String> command(List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(
                "setpriv", "--reuid=" + UNPRIVILEGED, "--regid=nogroup", "--clear-groups", "--reset-env", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Hands a directory we created to the user the server runs as. */
    void giveToServer(Path path) {
        if (!root) {
            return;
        }
        try {
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view =
                    Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            view.setOwner(users.lookupPrincipalByName(UNPRIVILEGED));
            view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not hand " + path + " to user " + UNPRIVILEGED, e);
        }
    }

    /** Refuses a cached directory that someone else could have planted in the shared temp dir. */
    void requireOwnerOf(Path path) {
        try {
            Object owner = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (((Number) owner).longValue() != uid) {
                throw new IllegalStateException(path + " is owned by uid " + owner + ", not by us (uid " + uid
                        + "); remove it or set java.io.tmpdir elsewhere");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
