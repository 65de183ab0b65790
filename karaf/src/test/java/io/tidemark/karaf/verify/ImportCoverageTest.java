package io.tidemark.karaf.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImportCoverageTest {
    private static final List<PackageProvider> PROVIDERS = List.of(
            PackageProvider.of("camel-api 4.18.0", Map.of("org.apache.camel", "4.18.0")),
            PackageProvider.of("postgresql", Map.of("org.postgresql", "42.7.13")),
            PackageProvider.jre());

    @Test
    void importsProvidedInTheirRangesAreCovered() {
        String imports = "org.apache.camel;version=\"[4.18,4.19)\",org.postgresql;version=\"[42.7,43)\",java.util,javax.sql";

        assertThat(ImportCoverage.problems(imports, PROVIDERS, Set.of())).isEmpty();
    }

    @Test
    void aPackageNothingProvidesIsReported() {
        String imports = "org.apache.camel;version=\"[4.18,4.19)\",com.zaxxer.hikari;version=\"[7.0,8)\"";

        assertThat(ImportCoverage.problems(imports, PROVIDERS, Set.of())).containsExactly(
                "com.zaxxer.hikari [7.0,8): no bundle of the feature, Camel jar, framework or JRE provides it");
    }

    @Test
    void aPackageProvidedOutsideTheImportedRangeIsReported() {
        String imports = "org.apache.camel;version=\"[4.19,4.20)\"";

        assertThat(ImportCoverage.problems(imports, PROVIDERS, Set.of())).containsExactly(
                "org.apache.camel [4.19,4.20): only camel-api 4.18.0 at 4.18.0");
    }

    @Test
    void anOptionalImportNothingProvidesMustBeNamedAsLeftOut() {
        String imports = "io.zonky.test.db.postgres.embedded;resolution:=optional";

        assertThat(ImportCoverage.problems(imports, PROVIDERS, Set.of("io.zonky.test.db.postgres.embedded"))).isEmpty();
        assertThat(ImportCoverage.problems(imports, PROVIDERS, Set.of())).hasSize(1);
    }

    @Test
    void aPackageNamedAsLeftOutMustBeImportedOptionally() {
        String imports = "io.zonky.test.db.postgres.embedded";

        assertThat(ImportCoverage.problems(imports, PROVIDERS, Set.of("io.zonky.test.db.postgres.embedded")))
                .contains("io.zonky.test.db.postgres.embedded: named as left out, but not an optional import");
    }

    @Test
    void quotedCommasInAHeaderBelongToTheVersionRange() {
        OsgiHeader header = OsgiHeader.parse("a;version=\"[1,2)\";resolution:=optional,b");

        assertThat(header.clauses()).extracting(OsgiHeader.Clause::name).containsExactly("a", "b");
        assertThat(header.clauses().get(0).version()).isEqualTo("[1,2)");
        assertThat(header.clauses().get(0).optional()).isTrue();
    }

    @Test
    void versionRangesIncludeTheirFloorAndExcludeAnOpenCeiling() {
        VersionRange range = VersionRange.parse("[4.18,4.19)");

        assertThat(range.includes("4.18.0")).isTrue();
        assertThat(range.includes("4.18.2")).isTrue();
        assertThat(range.includes("4.19.0")).isFalse();
        assertThat(range.includes("4.17.9")).isFalse();
        assertThat(VersionRange.parse("2.5").includes("2.5.2")).isTrue();
    }
}
