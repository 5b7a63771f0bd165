/** Network value types every module reads the same way: address prefixes and address normalisation. */
package org.ossnet.core.net;
