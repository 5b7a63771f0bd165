package org.ossnet.service.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles a handler needs, any one of them; checked before the body is read, so a caller without them is refused
 * 403 without the service buffering its request. On a class, it applies to every handler method without its own.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresRole {

    /** Any one of these suffices. */
    String[] value();
}
