package org.ossnet.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One child in a directory listing of {@link NsEntry}.
 *
 * @param name the child's name, one segment; a directory's ends with {@code /}
 * @param type {@code "directory"} or {@code "file"}
 * @param size for a file, its length in bytes
 * @param sha256 for a file, its SHA-256
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NsChild(String name, String type, Long size, String sha256) {}
