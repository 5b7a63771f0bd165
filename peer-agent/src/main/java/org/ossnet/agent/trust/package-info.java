/** Pinned publisher keys, last-seen snapshot versions, and the checks a fetched snapshot must pass before use. */
package org.ossnet.agent.trust;
