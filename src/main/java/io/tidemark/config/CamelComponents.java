package io.tidemark.config;

/**
 * Which Camel components are on the classpath, known before Camel starts: Camel finds a component by the service
 * file its jar carries under {@link #SERVICE_PATH}, so a URI naming a missing one is a configuration error rather
 * than a failure of the first batch.
 */
final class CamelComponents {
    static final String SERVICE_PATH = "META-INF/services/org/apache/camel/component/";

    private CamelComponents() {
    }

    static boolean onClasspath(String scheme) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = CamelComponents.class.getClassLoader();
        }
        return loader.getResource(SERVICE_PATH + scheme) != null;
    }
}
