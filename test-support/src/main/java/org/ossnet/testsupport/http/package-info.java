/** Small HTTP helpers for probing running services from tests and the launcher. */
package org.ossnet.testsupport.http;
