/** Bearer tokens with roles on {@code /api/v1}: who the caller is, and whether it may do what it asks. */
package org.ossnet.service.auth;
