/**
 * The origin's HTTP file server: serves a published tree read-only so web seeds (BEP 19), Metalink clients and the
 * agent fetch byte ranges from the master mirror.
 *
 * <p>Why not {@code com.sun.net.httpserver}: its header-size and request-time limits are JVM-wide system properties
 * read once, not per-server settings, and its response stream copies bodies through the heap. This package is a small
 * HTTP/1.1 server instead: one blocking {@link java.nio.channels.SocketChannel} per connection on its own virtual
 * thread, bodies sent with {@link java.nio.channels.FileChannel#transferTo} ({@code sendfile} on Linux, never a whole
 * file in memory), and one watchdog that closes connections whose request head or response stalls past its deadline.
 *
 * <p>What it answers: GET and HEAD only (405 with {@code Allow} otherwise); a single byte range (206 with {@code
 * Content-Range}, 416 with {@code bytes *}{@code /size} when beyond the file); several ranges or an unknown unit get
 * the whole file with 200; {@code If-Range}, {@code If-None-Match} and {@code If-Modified-Since} are honoured.
 * Directories, the root included, are 404: the origin serves files for downloaders that follow links from a snapshot,
 * and a listing would only be another thing to get right. Request paths are confined to the root by
 * {@link org.ossnet.agent.origin.RequestPaths}; every refusal is the same 404.
 */
package org.ossnet.agent.origin;
