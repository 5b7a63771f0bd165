/** Tests that run each container image from its own files: unpacked layers, the image's config, no Docker. */
package org.ossnet.system.images;
