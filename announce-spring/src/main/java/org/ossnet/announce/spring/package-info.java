/** The announce engine's Spring Boot wiring: one auto-configuration any tracker-like service gets by depending on it. */
package org.ossnet.announce.spring;
