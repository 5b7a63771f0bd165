package org.ossnet.tracker.auth;

/**
 * The body of {@code POST /api/v1/tokens}: the token an admin asks for.
 *
 * @param name what the token is for, such as the mirror's host; unique among unrevoked tokens, and what audit logs
 *     and the mirror registry record of it
 * @param role one role of {@link Roles#ISSUABLE}
 * @param expiresAt when the token stops working, an RFC 3339 date-time such as {@code 2027-06-30T00:00:00Z}, or
 *     {@code null} for never (until revoked). A string rather than an {@code Instant}, so that an unreadable one is
 *     refused naming this member: Jackson's date parser fails with an exception the problem handler cannot place.
 */
record TokenRequest(String name, String role, String expiresAt) {}
