package io.tidemark.karaf.verify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Check 3: the features a feature names exist in the repositories they are meant to come from. */
final class FeatureNames {

    private FeatureNames() {
    }

    /** The names in {@code used} that no repository in {@code repositories} defines, one line each. */
    static List<String> problems(Collection<String> used, Collection<FeaturesXml> repositories) {
        List<String> problems = new ArrayList<>();
        for (String name : used) {
            if (repositories.stream().noneMatch(repository -> repository.features().containsKey(name))) {
                problems.add(name + ": no such feature");
            }
        }
        return problems;
    }
}
