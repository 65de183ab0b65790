package io.tidemark.karaf.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesSchemaTest {
    private static final String HEAD = "<features name=\"test\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">";

    @Test
    void aWellFormedRepositoryIsValid(@TempDir Path dir) throws Exception {
        Path xml = write(dir, HEAD + "<feature name=\"a\" version=\"1.0.0\"><bundle>mvn:g/a/1</bundle></feature></features>");

        assertThat(FeaturesSchema.problems(xml, Verification.xsdFolder())).isEmpty();
    }

    @Test
    void anElementTheSchemaDoesNotKnowIsReported(@TempDir Path dir) throws Exception {
        Path xml = write(dir, HEAD + "<feature name=\"a\"><bundel>mvn:g/a/1</bundel></feature></features>");

        assertThat(FeaturesSchema.problems(xml, Verification.xsdFolder())).singleElement().asString().contains("bundel");
    }

    @Test
    void aFeatureWithoutItsNameIsReported(@TempDir Path dir) throws Exception {
        Path xml = write(dir, HEAD + "<feature version=\"1.0.0\"><bundle>mvn:g/a/1</bundle></feature></features>");

        assertThat(FeaturesSchema.problems(xml, Verification.xsdFolder())).singleElement().asString().contains("name");
    }

    @Test
    void aRepositoryOutsideKarafsNamespaceIsReported(@TempDir Path dir) throws Exception {
        Path xml = write(dir, "<features name=\"test\"><feature name=\"a\"/></features>");

        assertThat(FeaturesSchema.problems(xml, Verification.xsdFolder())).singleElement().asString()
                .startsWith("root element is not in a Karaf features namespace");
    }

    private static Path write(Path dir, String xml) throws Exception {
        return Files.writeString(dir.resolve("features.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + xml);
    }
}
