package org.ossnet.system;

import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs the test classes that use the {@link SharedNetwork} after all the others, keeping each group's order: the shared
 * network starts once the tests with networks of their own are done, so two networks never run side by side on a
 * machine of two cores. Configured in failsafe's {@code configurationParameters} (system-tests/pom.xml).
 */
final class SharedNetworkLast implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        // List.sort is stable: within each group, the classes keep the order they came in.
        context.getClassDescriptors()
                .sort(Comparator.comparing(descriptor -> sharesNetwork(descriptor.getTestClass())));
    }

    static boolean sharesNetwork(Class<?> testClass) {
        return AnnotationSupport.findRepeatableAnnotations(testClass, ExtendWith.class).stream()
                .anyMatch(extensions -> Arrays.asList(extensions.value()).contains(SharedNetwork.class));
    }
}
