package org.ossnet.core.json;

/** Makes the exception a document's decoder throws, so each kind of document keeps its own exception type. */
@FunctionalInterface
public interface DocumentFailure {

    /** The exception for a problem at {@code field} (a name or a path such as {@code files[3].path}). */
    RuntimeException at(String field, String reason);
}
