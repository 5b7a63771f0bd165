/** Which files of a collection a mirror carries: rsync's include and exclude rules, read and matched one way. */
package org.ossnet.core.filter;
