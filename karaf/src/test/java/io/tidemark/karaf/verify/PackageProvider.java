package io.tidemark.karaf.verify;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Something in a Karaf runtime that provides packages, with the version each is provided at: a bundle (its
 * {@code Export-Package}), a plain jar taken as a bundle ({@code wrap:}, or a Camel 4 jar that Camel Karaf
 * re-bundles: every package that holds classes), or the JRE. A bundle may export one package at several versions
 * (pax-logging-api exports SLF4J's at 1.4 to 2.0).
 */
record PackageProvider(String name, Map<String, List<String>> packages) {
    /** The version of a package whose provider states none (OSGi's default). */
    static final String NO_VERSION = "0.0.0";

    /** The packages a bundle exports, per its manifest; fails when the jar is not a bundle. */
    static PackageProvider exportsOf(String name, Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String exports = manifest == null ? null : manifest.getMainAttributes().getValue("Export-Package");
            if (manifest == null || manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                throw new IllegalArgumentException(name + " (" + jar + ") is not an OSGi bundle: install it with wrap:");
            }
            Map<String, List<String>> packages = new LinkedHashMap<>();
            for (OsgiHeader.Clause clause : OsgiHeader.parse(exports).clauses()) {
                packages.computeIfAbsent(clause.name(), key -> new ArrayList<>())
                        .add(clause.version() == null ? NO_VERSION : clause.version());
            }
            return new PackageProvider(name, packages);
        }
    }

    /** Every package of {@code jar} that holds a class, all at {@code version}. */
    static PackageProvider contentOf(String name, Path jar, String version) throws IOException {
        Map<String, List<String>> packages = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String entry = entries.nextElement().getName();
                // classes of multi-release folders and module descriptors are not packages of their own
                if (entry.endsWith(".class") && entry.contains("/") && !entry.startsWith("META-INF/")) {
                    packages.put(entry.substring(0, entry.lastIndexOf('/')).replace('/', '.'), List.of(version));
                }
            }
        }
        return new PackageProvider(name, packages);
    }

    /** The packages the running JRE's system modules export to everyone (Karaf exports them as the system bundle's). */
    static PackageProvider jre() {
        Map<String, List<String>> packages = new LinkedHashMap<>();
        for (Module module : ModuleLayer.boot().modules()) {
            for (ModuleDescriptor.Exports exports : module.getDescriptor().exports()) {
                if (!exports.isQualified()) {
                    packages.put(exports.source(), List.of(NO_VERSION));
                }
            }
        }
        return new PackageProvider("JRE " + Runtime.version().feature(), packages);
    }

    /** For tests: a provider of the given packages, each at one version. */
    static PackageProvider of(String name, Map<String, String> packages) {
        Map<String, List<String>> versions = new LinkedHashMap<>();
        packages.forEach((pkg, version) -> versions.put(pkg, List.of(version)));
        return new PackageProvider(name, versions);
    }
}
