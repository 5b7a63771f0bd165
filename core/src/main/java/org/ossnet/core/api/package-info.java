/** The JSON contracts of OSSNET's HTTP APIs, shared by the services that serve them and the clients that call them. */
package org.ossnet.core.api;
