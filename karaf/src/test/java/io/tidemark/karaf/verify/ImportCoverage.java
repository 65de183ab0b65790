package io.tidemark.karaf.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Check 2: every package a bundle imports is provided, at a version its import accepts, by one of the providers
 * (the bundles a feature installs, the Camel jars behind its Camel features, Karaf's framework, the JRE).
 * An optional import may stay unprovided only when it is named as deliberately left out: an optional import that
 * nothing provides would otherwise hide a missing bundle until the code needing it runs.
 */
final class ImportCoverage {

    private ImportCoverage() {
    }

    /** The problems, one line each; empty when every import is covered. */
    static List<String> problems(String importPackage, List<PackageProvider> providers, Set<String> leftOutOptional) {
        List<String> problems = new ArrayList<>();
        for (OsgiHeader.Clause imported : OsgiHeader.parse(importPackage).clauses()) {
            String range = imported.version();
            List<String> offered = new ArrayList<>();
            boolean covered = false;
            for (PackageProvider provider : providers) {
                for (String version : provider.packages().getOrDefault(imported.name(), List.of())) {
                    offered.add(provider.name() + " at " + version);
                    covered |= range == null || VersionRange.parse(range).includes(version);
                }
            }
            if (covered) {
                continue;
            }
            if (imported.optional() && offered.isEmpty() && leftOutOptional.contains(imported.name())) {
                continue;
            }
            problems.add(imported.name() + (range == null ? "" : " " + range) + ": "
                    + (offered.isEmpty() ? "no bundle of the feature, Camel jar, framework or JRE provides it"
                    : "only " + String.join(", ", offered)));
        }
        for (String leftOut : leftOutOptional) {
            boolean importedOptionally = OsgiHeader.parse(importPackage).clauses().stream()
                    .anyMatch(clause -> clause.name().equals(leftOut) && clause.optional());
            if (!importedOptionally) {
                problems.add(leftOut + ": named as left out, but not an optional import");
            }
        }
        return problems;
    }
}
