/** The mirror CA: its key pair made once and stored encrypted, its certificate published, and issuing by the profile. */
package org.ossnet.signing.ca;
