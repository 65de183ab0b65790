package io.tidemark.karaf.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three structural checks on what the build produced: {@code target/feature/feature.xml} and the bundle jar.
 * Camel Karaf's bundles do not resolve from the registry here, so no Karaf boots in this build (see the
 * {@code karaf-it} profile); what can be decided without one is decided here.
 */
class FeatureRepositoryIT {
    private static final String CAMEL_KARAF_GROUP = "org.apache.camel.karaf";
    private static final String CAMEL_GROUP = "org.apache.camel";
    /**
     * The embedded demo database is the Camel Main jar's; Karaf requires a source URL and installs no demo. So is the
     * Fivetran Partner SDK server ({@code --port N}): gRPC, protobuf and the logback encoder of its JSON log lines are
     * not installed in Karaf (which logs through Pax Logging). Nor is Camel Main's management server, on which
     * {@code /observe/status} is served.
     */
    private static final Set<String> LEFT_OUT_OPTIONAL = Set.of("io.zonky.test.db.postgres.embedded",
            "io.grpc", "io.grpc.netty.shaded.io.grpc.netty", "io.grpc.protobuf", "io.grpc.protobuf.services", "io.grpc.stub",
            "com.google.protobuf", "com.google.common.util.concurrent",
            "ch.qos.logback.classic", "ch.qos.logback.classic.spi", "ch.qos.logback.core", "ch.qos.logback.core.encoder",
            "org.apache.camel.component.platform.http.main", "org.apache.camel.component.platform.http.vertx",
            "io.vertx.core", "io.vertx.core.http", "io.vertx.ext.web");

    private static FeaturesXml tidemark;
    private static FeaturesXml.Feature feature;
    private static FeaturesXml camelKaraf;
    private static FeaturesXml karafStandard;
    private static FeaturesXml karafFramework;

    @BeforeAll
    static void readRepositories() throws Exception {
        tidemark = FeaturesXml.read(Verification.path("karaf.verify.features"));
        feature = tidemark.features().get("tidemark");
        camelKaraf = FeaturesXml.read(reference("apache-camel-" + System.getProperty("karaf.verify.camel-karaf") + "-features.xml"));
        karafStandard = FeaturesXml.read(reference("standard-" + System.getProperty("karaf.verify.karaf") + "-features.xml"));
        karafFramework = FeaturesXml.read(reference("framework-" + System.getProperty("karaf.verify.karaf") + "-features.xml"));
    }

    @Test
    void theFeaturesRepositoryIsValidAgainstKarafsSchema() throws Exception {
        assertThat(FeaturesSchema.problems(Verification.path("karaf.verify.features"), Verification.xsdFolder())).isEmpty();
    }

    /**
     * Camel Karaf's features of the project's Camel version do not resolve here; the names are checked against
     * the newest Camel Karaf features repository that does (karaf.verify.camel-karaf), Karaf's own against
     * Karaf's standard features.
     */
    @Test
    void everyFeatureTheTidemarkFeatureNamesExists() {
        assertThat(feature).as("the tidemark feature").isNotNull();
        assertThat(FeatureNames.problems(feature.features(), List.of(camelKaraf, karafStandard))).isEmpty();
    }

    @Test
    void everyPackageTheBundleImportsIsProvided() throws Exception {
        String imports;
        try (JarFile bundle = new JarFile(Verification.path("karaf.verify.bundle").toFile())) {
            imports = bundle.getManifest().getMainAttributes().getValue("Import-Package");
        }
        List<PackageProvider> providers = new ArrayList<>();
        providers.addAll(featureBundles());
        providers.addAll(camelJars());
        providers.addAll(framework());
        providers.add(PackageProvider.jre());

        assertThat(ImportCoverage.problems(imports, providers, LEFT_OUT_OPTIONAL)).isEmpty();
    }

    @Test
    void theFeatureInstallsTheTidemarkBundleAndItsConfiguration() {
        String version = System.getProperty("karaf.verify.version");
        assertThat(feature.bundles()).extracting(FeaturesXml.Bundle::url)
                .contains("mvn:io.tidemark/tidemark-karaf/" + version);
        assertThat(feature.configfiles()).containsExactly("mvn:io.tidemark/tidemark-karaf/" + version + "/cfg/configuration");
    }

    /** The bundles the feature lists itself (not the Tidemark bundle, whose imports are the question). */
    private static List<PackageProvider> featureBundles() throws Exception {
        List<PackageProvider> providers = new ArrayList<>();
        for (FeaturesXml.Bundle bundle : feature.bundles()) {
            MavenUrl url = MavenUrl.parse(bundle.url());
            if (url.groupId().equals("io.tidemark")) {
                continue;
            }
            Path jar = url.in(Verification.repository());
            assertThat(jar).as(bundle.url() + " in the Maven repository").isRegularFile();
            providers.add(url.wrapped() ? PackageProvider.contentOf(bundle.url(), jar, url.version())
                    : PackageProvider.exportsOf(bundle.url(), jar));
        }
        return providers;
    }

    /**
     * The Camel jars behind the Camel Karaf features the feature names: Camel Karaf re-bundles each Camel 4 jar
     * (which has no OSGi manifest) at Camel's version, so a package it exports is one that the Camel jar of the
     * project's version holds. Camel Karaf's own artifacts (camel-core-osgi) are read at the version that resolves.
     */
    private static List<PackageProvider> camelJars() throws Exception {
        String camelVersion = System.getProperty("karaf.verify.camel");
        List<PackageProvider> providers = new ArrayList<>();
        for (String name : feature.features()) {
            for (FeaturesXml.Feature camelFeature : camelKaraf.closure(name)) {
                for (FeaturesXml.Bundle bundle : camelFeature.bundles()) {
                    MavenUrl url = MavenUrl.parse(bundle.url());
                    if (!url.groupId().equals(CAMEL_KARAF_GROUP)) {
                        continue;
                    }
                    Path camelJar = new MavenUrl(CAMEL_GROUP, url.artifactId(), camelVersion, "jar", null, false)
                            .in(Verification.repository());
                    Path karafJar = url.in(Verification.repository());
                    if (Files.isRegularFile(camelJar)) {
                        providers.add(PackageProvider.contentOf(url.artifactId() + " " + camelVersion, camelJar, camelVersion));
                    } else if (Files.isRegularFile(karafJar)) {
                        providers.add(PackageProvider.contentOf(url.coordinates() + " (as " + camelVersion + ")", karafJar, camelVersion));
                    }
                }
            }
        }
        return providers;
    }

    /**
     * Karaf's framework: the OSGi core packages (the system bundle exports the R8 API) and the logging API
     * (pax-logging-api, at the version Karaf's framework feature installs).
     */
    private static List<PackageProvider> framework() throws Exception {
        List<PackageProvider> providers = new ArrayList<>();
        providers.add(PackageProvider.exportsOf("OSGi core (system bundle)", Verification.path("karaf.verify.osgi-core")));
        List<String> logging = karafFramework.features().values().stream()
                .flatMap(f -> f.bundles().stream()).map(FeaturesXml.Bundle::url)
                .filter(url -> url.startsWith("mvn:org.ops4j.pax.logging/pax-logging-api/")).distinct().toList();
        assertThat(logging).as("pax-logging-api in Karaf's framework feature").hasSize(1);
        Path jar = MavenUrl.parse(logging.get(0)).in(Verification.repository());
        assertThat(jar).as(logging.get(0) + " in the Maven repository").isRegularFile();
        providers.add(PackageProvider.exportsOf(logging.get(0), jar));
        return providers;
    }

    private static Path reference(String file) {
        return Verification.reference().resolve(file);
    }
}
