/** Wording shared by everything the agent prints for people, and the readers of the durations they write. */
package org.ossnet.agent.text;
