/** {@code ossnet://} names and the relative file paths inside a collection: parsing, normalisation and formatting. */
package org.ossnet.core.name;
