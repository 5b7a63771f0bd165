/** The OSSNET peer agent: the data plane behind the {@code ossnet} command. */
package org.ossnet.agent;
