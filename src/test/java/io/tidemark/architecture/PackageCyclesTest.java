package io.tidemark.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages under {@code io.tidemark} form no cycle: each concern depends only on concerns below it, so the
 * layout reads as the design. Dependencies are read from the sources: imports and fully qualified names.
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/tidemark");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.tidemark\\.([a-z]+)\\.[A-Z]");

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> dependencies = dependencies();

        assertThat(dependencies).as("packages read").containsKeys("app", "config", "run", "freshness", "fivetran");
        List<String> cycles = new ArrayList<>();
        for (String start : dependencies.keySet()) {
            List<String> path = pathBack(start, dependencies);
            if (path != null) {
                cycles.add(String.join(" -> ", path));
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String own = SOURCES.relativize(file.getParent()).toString();
                Set<String> uses = dependencies.computeIfAbsent(own, k -> new TreeSet<>());
                Matcher matcher = REFERENCE.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    if (!matcher.group(1).equals(own)) {
                        uses.add(matcher.group(1));
                    }
                }
            }
        }
        return dependencies;
    }

    /** A path of dependencies from {@code start} back to itself, or null (breadth first, so the shortest). */
    private static List<String> pathBack(String start, Map<String, Set<String>> dependencies) {
        Map<String, String> reachedFrom = new TreeMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String current = queue.poll();
            for (String next : dependencies.getOrDefault(current, Set.of())) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String at = current; !at.equals(start); at = reachedFrom.get(at)) {
                        path.add(1, at);
                    }
                    path.add(start);
                    return path;
                }
                if (!reachedFrom.containsKey(next)) {
                    reachedFrom.put(next, current);
                    queue.add(next);
                }
            }
        }
        return null;
    }
}
