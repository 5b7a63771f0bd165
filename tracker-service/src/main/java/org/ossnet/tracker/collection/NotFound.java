package org.ossnet.tracker.collection;

import org.ossnet.service.problem.ApiProblem;
import org.springframework.http.CacheControl;

/**
 * The 404 of the public metadata surface ({@code /ns}, snapshots and their files): one answer for what does not exist
 * and for what the caller may not see yet, so an embargo cannot be told from an absence. No cache may store it
 * ({@code Cache-Control: no-store}): a kept 404 would outlive the publish or the release that makes the name exist.
 */
public final class NotFound {

    private NotFound() {}

    /** A 404 problem with this detail, which must read the same for a hidden thing as for a missing one. */
    public static ApiProblem because(String detail) {
        ApiProblem problem = ApiProblem.notFound(detail);
        problem.getHeaders().setCacheControl(CacheControl.noStore().getHeaderValue());
        return problem;
    }
}
