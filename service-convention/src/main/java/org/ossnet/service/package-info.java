/** The service convention: one way for every OSSNET Spring Boot service to refuse, authenticate and describe. */
package org.ossnet.service;
