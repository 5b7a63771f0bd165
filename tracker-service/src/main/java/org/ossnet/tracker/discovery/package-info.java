/** Discovery: {@code /.well-known/ossnet.json} and the publisher keys it lists. */
package org.ossnet.tracker.discovery;
