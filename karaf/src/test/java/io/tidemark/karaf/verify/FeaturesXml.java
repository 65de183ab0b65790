package io.tidemark.karaf.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** A Karaf features repository as the checks read it: its features, each with the features and bundles it names. */
record FeaturesXml(List<String> repositories, Map<String, Feature> features) {

    record Feature(String name, List<String> features, List<Bundle> bundles, List<String> configfiles) {
    }

    record Bundle(String url, boolean dependency) {
    }

    static FeaturesXml read(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(file.toFile());
        List<String> repositories = new ArrayList<>();
        Map<String, Feature> features = new LinkedHashMap<>();
        for (Element child : children(document.getDocumentElement())) {
            switch (child.getLocalName()) {
                case "repository" -> repositories.add(child.getTextContent().trim());
                // a name may repeat with other versions (jackson 2.16 and 2.19); the names are what is checked
                case "feature" -> features.merge(child.getAttribute("name"), feature(child), FeaturesXml::union);
                default -> { }
            }
        }
        return new FeaturesXml(repositories, features);
    }

    private static Feature feature(Element element) {
        List<String> features = new ArrayList<>();
        List<Bundle> bundles = new ArrayList<>();
        List<String> configfiles = new ArrayList<>();
        for (Element child : children(element)) {
            switch (child.getLocalName()) {
                case "feature" -> features.add(child.getTextContent().trim());
                case "bundle" -> bundles.add(new Bundle(child.getTextContent().trim(),
                        Boolean.parseBoolean(child.getAttribute("dependency"))));
                case "configfile" -> configfiles.add(child.getTextContent().trim());
                default -> { }
            }
        }
        return new Feature(element.getAttribute("name"), features, bundles, configfiles);
    }

    private static Feature union(Feature one, Feature other) {
        List<String> features = new ArrayList<>(one.features());
        features.addAll(other.features());
        List<Bundle> bundles = new ArrayList<>(one.bundles());
        bundles.addAll(other.bundles());
        List<String> configfiles = new ArrayList<>(one.configfiles());
        configfiles.addAll(other.configfiles());
        return new Feature(one.name(), features, bundles, configfiles);
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** {@code name} and every feature it names, transitively, as far as this repository defines them. */
    List<Feature> closure(String name) {
        Map<String, Feature> found = new LinkedHashMap<>();
        collect(name, found);
        return new ArrayList<>(found.values());
    }

    private void collect(String name, Map<String, Feature> found) {
        Feature feature = features.get(name);
        if (feature != null && found.putIfAbsent(name, feature) == null) {
            feature.features().forEach(child -> collect(child, found));
        }
    }
}
