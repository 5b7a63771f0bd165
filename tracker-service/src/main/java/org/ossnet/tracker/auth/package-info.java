/** Bearer-token authentication of publishers and services on the tracker's {@code /api/v1} endpoints. */
package org.ossnet.tracker.auth;
