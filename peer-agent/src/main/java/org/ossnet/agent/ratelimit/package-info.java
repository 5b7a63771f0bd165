/** Token-bucket rate caps for upload and download, and the address policy that decides who may receive uploads. */
package org.ossnet.agent.ratelimit;
