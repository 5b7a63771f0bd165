/** Wording shared by everything the agent prints for people, such as counts with their nouns in the right number. */
package org.ossnet.agent.text;
