/** What every service shows operators alike: the common {@code service} meter tag and the OpenAPI description. */
package org.ossnet.service.observability;
