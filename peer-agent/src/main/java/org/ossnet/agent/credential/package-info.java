/** A mirror's credentials: enrolment with the publisher's CA, the key and certificate on disk, renewal, status. */
package org.ossnet.agent.credential;
