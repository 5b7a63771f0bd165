/** How every service reads JSON request bodies: strictly, so one body can mean only one thing. */
package org.ossnet.service.json;
