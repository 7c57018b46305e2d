package io.liliflora.platform.problem;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import java.lang.annotation.ElementType;

/**
 * Bean validation's traversable resolver for request bodies: every property may be read and
 * cascaded. With JPA present the default resolver asks JPA whether each property of each
 * validated object is loaded, under a lock, property by property: for a batch body of hundreds
 * of entries that was one of the larger costs of a drop (JFR), and none of the validated objects
 * here is an entity (no entity carries constraints). Named in each WAR's META-INF/validation.xml.
 */
public class EveryPropertyReachable implements TraversableResolver {

    @Override
    public boolean isReachable(Object bean, Path.Node property, Class<?> rootType, Path pathToProperty, ElementType elementType) {
        return true;
    }

    @Override
    public boolean isCascadable(Object bean, Path.Node property, Class<?> rootType, Path pathToProperty, ElementType elementType) {
        return true;
    }
}
