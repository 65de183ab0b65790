package io.tidemark.karaf.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest header such as {@code Import-Package} split into its clauses: a package name with its attributes
 * ({@code version="[1,2)"}) and directives ({@code resolution:=optional}). Commas and semicolons inside quotes
 * belong to the value.
 */
record OsgiHeader(List<Clause> clauses) {

    record Clause(String name, Map<String, String> parameters) {
        boolean optional() {
            return "optional".equals(parameters.get("resolution:"));
        }

        /** The version attribute, or null when the clause has none. */
        String version() {
            return parameters.get("version");
        }
    }

    static OsgiHeader parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return new OsgiHeader(clauses);
        }
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            List<String> names = new ArrayList<>();
            Map<String, String> parameters = new LinkedHashMap<>();
            for (String part : parts) {
                int directive = part.indexOf(":=");
                int attribute = part.indexOf('=');
                if (directive > 0 && directive < attribute + 1) {
                    parameters.put(part.substring(0, directive).trim() + ":", unquote(part.substring(directive + 2)));
                } else if (attribute > 0) {
                    parameters.put(part.substring(0, attribute).trim(), unquote(part.substring(attribute + 1)));
                } else {
                    names.add(part.trim());
                }
            }
            // "p1;p2;version=1" shares its parameters between the packages it names
            names.forEach(name -> clauses.add(new Clause(name, parameters)));
        }
        return new OsgiHeader(clauses);
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        parts.removeIf(String::isBlank);
        return parts;
    }

    private static String unquote(String value) {
        String trimmed = value.trim();
        return trimmed.startsWith("\"") && trimmed.endsWith("\"") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
