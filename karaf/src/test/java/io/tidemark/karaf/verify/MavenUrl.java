package io.tidemark.karaf.verify;

import java.nio.file.Path;

/**
 * A Karaf {@code mvn:groupId/artifactId/version[/type[/classifier]]} URL, possibly inside {@code wrap:...$options},
 * and where the Maven repository layout puts its file.
 */
record MavenUrl(String groupId, String artifactId, String version, String type, String classifier, boolean wrapped) {

    static MavenUrl parse(String url) {
        boolean wrapped = url.startsWith("wrap:");
        String location = wrapped ? url.substring("wrap:".length()) : url;
        int options = location.indexOf('$');
        if (options >= 0) {
            location = location.substring(0, options);
        }
        if (!location.startsWith("mvn:")) {
            throw new IllegalArgumentException("not a mvn: URL: " + url);
        }
        String[] parts = location.substring("mvn:".length()).split("/");
        if (parts.length < 3) {
            throw new IllegalArgumentException("a mvn: URL needs groupId/artifactId/version: " + url);
        }
        return new MavenUrl(parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : "jar",
                parts.length > 4 ? parts[4] : null, wrapped);
    }

    Path in(Path repository) {
        String file = artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + type;
        return repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version).resolve(file);
    }

    String coordinates() {
        return groupId + ":" + artifactId + ":" + version;
    }
}
