package io.tidemark.karaf.verify;

import java.nio.file.Path;

/** Where the build put what the checks read (karaf/pom.xml passes these as system properties). */
final class Verification {

    private Verification() {
    }

    /** The Karaf features XSDs, unpacked from org.apache.karaf.features.core. */
    static Path xsdFolder() {
        return path("karaf.verify.xsd");
    }

    /** The Maven repository the feature's mvn: URLs are looked up in. */
    static Path repository() {
        return path("karaf.verify.repository");
    }

    /** The features repositories of Karaf and Camel Karaf, copied there by the build. */
    static Path reference() {
        return path("karaf.verify.reference");
    }

    static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set; run the checks with Maven");
        }
        return Path.of(value);
    }
}
