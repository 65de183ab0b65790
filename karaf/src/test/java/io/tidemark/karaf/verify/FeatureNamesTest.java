package io.tidemark.karaf.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureNamesTest {

    @Test
    void namesTheRepositoryDefinesPassAndOthersAreReported(@TempDir Path dir) throws Exception {
        Path xml = Files.writeString(dir.resolve("camel.xml"), """
                <features name="camel" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <feature name="camel-core" version="4.18.0"><bundle>mvn:org.apache.camel.karaf/camel-seda/4.18.0</bundle></feature>
                  <feature name="camel-quartz" version="4.18.0"><feature>camel-core</feature></feature>
                </features>""");
        FeaturesXml camel = FeaturesXml.read(xml);

        assertThat(FeatureNames.problems(List.of("camel-core", "camel-quartz"), List.of(camel))).isEmpty();
        // seda is a bundle of camel-core in Camel Karaf 4, not a feature
        assertThat(FeatureNames.problems(List.of("camel-core", "camel-seda"), List.of(camel)))
                .containsExactly("camel-seda: no such feature");
        assertThat(camel.closure("camel-quartz")).extracting(FeaturesXml.Feature::name)
                .containsExactly("camel-quartz", "camel-core");
    }
}
