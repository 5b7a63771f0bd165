/** Reading the agent's JSON documents from Jackson's tree by hand, where data binding's first use costs start-up. */
package org.ossnet.agent.json;
