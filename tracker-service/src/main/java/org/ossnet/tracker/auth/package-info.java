/**
 * The tracker's bearer tokens: authentication on its {@code /api/v1} endpoints, the configured bootstrap tokens, and
 * their issue and revocation by admins through {@code /api/v1/tokens}.
 */
package org.ossnet.tracker.auth;
