package org.ossnet.tracker.collection;

import java.net.URI;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;

/** The rules every endpoint applies to a collection's name and to an HTTP base URL it is given. */
public final class CollectionNames {

    private CollectionNames() {}

    /**
     * The collection {@code text} names, if it is a collection name of this tracker's publisher.
     *
     * @throws IllegalArgumentException with a message saying what is wrong (the caller names the member)
     */
    public static OssnetName parse(String text, String publisherAuthority) {
        if (text == null) {
            throw new IllegalArgumentException("missing");
        }
        OssnetName name;
        try {
            name = OssnetName.parse(text).asFile();
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (name.isRoot()) {
            throw new IllegalArgumentException("a collection is mounted at a path of one or more segments");
        }
        String publisher =
                OssnetName.parse("ossnet://" + publisherAuthority + "/x").publisher();
        if (!name.publisher().equals(publisher)) {
            throw new IllegalArgumentException(
                    "this tracker serves publisher " + publisher + ", not " + name.publisher());
        }
        return name;
    }

    /** Whether {@code uri} is an absolute http(s) URL without user information, query or fragment. */
    public static boolean isPlainHttpUrl(URI uri) {
        return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                && uri.getHost() != null
                && uri.getRawUserInfo() == null
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null;
    }
}
