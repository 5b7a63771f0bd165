/** {@code ./ossnet local}: the whole OSSNET network on one machine, on one embedded PostgreSQL. */
package org.ossnet.testsupport.local;
