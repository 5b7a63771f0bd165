/** Fixtures shared by OSSNET's integration and system tests, and the local network launcher. */
package org.ossnet.testsupport;
