package org.ossnet.tracker.mirror;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ossnet.core.api.MirrorCollection;
import org.ossnet.core.api.MirrorRegistration;
import org.ossnet.core.filter.CarryRules;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.tracker.collection.CollectionNames;

/** What a registration must be; each refusal is a 400 naming the member, and nothing is stored. */
final class RegistrationRules {

    /** More collections than any suite-sized mirror carries; a bound on one request's work. */
    static final int MAX_COLLECTIONS = 1000;

    /**
     * A registration that keeps the rules, normalised.
     *
     * @param name the operator's name
     * @param baseUrl the base URL, scheme and host in lower case, dot segments removed, ending with {@code /}
     * @param collections the collections with their names in canonical form
     * @param uploadCap bytes per second, or {@code null}
     */
    record Valid(String name, String baseUrl, List<MirrorCollection> collections, Long uploadCap) {}

    private RegistrationRules() {}

    static Valid check(MirrorRegistration registration, String publisherAuthority, boolean allowPrivateAddresses) {
        String name = registration.name();
        if (name == null
                || name.isBlank()
                || name.length() > 200
                || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.invalid("name", "name: must be 1 to 200 characters without control characters.");
        }
        String baseUrl = baseUrl(registration.baseUrl());
        MirrorAddresses.refusal(URI.create(baseUrl).getHost(), allowPrivateAddresses)
                .ifPresent(why -> {
                    throw ApiProblem.invalid("baseUrl", "baseUrl: " + why + ".");
                });
        List<MirrorCollection> carried = registration.collections();
        if (carried == null || carried.isEmpty() || carried.size() > MAX_COLLECTIONS) {
            throw ApiProblem.invalid(
                    "collections",
                    "collections: must list 1 to " + MAX_COLLECTIONS + " collections the mirror carries.");
        }
        List<MirrorCollection> collections = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < carried.size(); i++) {
            String field = "collections[" + i + "]";
            MirrorCollection collection = carried.get(i);
            if (collection == null) {
                throw ApiProblem.invalid(field, field + ": missing.");
            }
            String canonical;
            try {
                canonical = CollectionNames.parse(collection.collection(), publisherAuthority)
                        .format();
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid(field + ".collection", field + ".collection: " + e.getMessage() + ".");
            }
            if (!seen.add(canonical)) {
                throw ApiProblem.invalid(field + ".collection", field + ".collection: listed twice.");
            }
            collections.add(new MirrorCollection(canonical, rules(collection.rules(), field)));
        }
        Long uploadCap = registration.uploadCap();
        if (uploadCap != null && uploadCap <= 0) {
            throw ApiProblem.invalid(
                    "uploadCap", "uploadCap: must be a positive number of bytes per second, or absent for none.");
        }
        return new Valid(name.strip(), baseUrl, collections, uploadCap);
    }

    private static String baseUrl(URI uri) {
        String rule = "baseUrl: must be an absolute http(s) URL without user information, query or fragment,"
                + " ending with '/'.";
        if (uri == null || !uri.isAbsolute() || uri.isOpaque() || !CollectionNames.isPlainHttpUrl(uri)) {
            throw ApiProblem.invalid("baseUrl", rule);
        }
        URI normal = uri.normalize();
        String path = normal.getRawPath();
        if (path == null || !path.endsWith("/") || path.startsWith("/..")) {
            throw ApiProblem.invalid("baseUrl", rule);
        }
        try {
            // Scheme and host are case-insensitive: normalise them so one tree cannot register twice.
            return new URI(normal.getScheme().toLowerCase(Locale.ROOT) + "://"
                            + normal.getRawAuthority().toLowerCase(Locale.ROOT) + path)
                    .toString();
        } catch (URISyntaxException e) {
            throw ApiProblem.invalid("baseUrl", rule);
        }
    }

    /** The rules as written, once core's reader accepts them; a refusal names the rule, as {@code rules[2]}. */
    private static List<String> rules(List<String> rules, String field) {
        if (rules == null) {
            return List.of();
        }
        try {
            return CarryRules.parse(rules).written();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String at = message.startsWith("rules[") ? message.substring(0, message.indexOf(']') + 1) : "rules";
            throw ApiProblem.invalid(field + "." + at, field + "." + message + ".");
        }
    }
}
