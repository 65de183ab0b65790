package io.tidemark.karaf.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * Check 1: a features repository is valid against the Karaf features XSD of the namespace it declares
 * ({@code http://karaf.apache.org/xmlns/features/v1.6.0} → {@code karaf-features-1.6.0.xsd}), taken from
 * Karaf's own features jar.
 */
final class FeaturesSchema {
    private static final String NAMESPACE_PREFIX = "http://karaf.apache.org/xmlns/features/v";

    private FeaturesSchema() {
    }

    /** The validation errors, one line each; empty when valid. */
    static List<String> problems(Path features, Path xsdFolder) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(features.toFile());
        String namespace = document.getDocumentElement().getNamespaceURI();
        if (namespace == null || !namespace.startsWith(NAMESPACE_PREFIX)) {
            return List.of("root element is not in a Karaf features namespace: " + namespace);
        }
        Path xsd = xsdFolder.resolve("karaf-features-" + namespace.substring(NAMESPACE_PREFIX.length()) + ".xsd");
        if (!Files.isRegularFile(xsd)) {
            return List.of("no Karaf XSD for " + namespace + " in " + xsdFolder);
        }
        List<String> problems = new ArrayList<>();
        Validator validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd.toFile()).newValidator();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(line(e));
            }

            @Override
            public void fatalError(SAXParseException e) {
                problems.add(line(e));
            }
        });
        validator.validate(new StreamSource(features.toFile()));
        return problems;
    }

    private static String line(SAXParseException e) {
        return (e.getLineNumber() > 0 ? "line " + e.getLineNumber() + ": " : "") + e.getMessage();
    }
}
