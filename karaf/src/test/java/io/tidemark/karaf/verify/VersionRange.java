package io.tidemark.karaf.verify;

import java.util.Arrays;

/**
 * An OSGi version range ({@code [4.18,4.19)}, or a bare version meaning "at least"), enough to decide whether an
 * exported package version satisfies an import. Qualifiers are ignored: the checks compare released versions.
 */
record VersionRange(int[] floor, boolean floorIncluded, int[] ceiling, boolean ceilingIncluded) {

    static VersionRange parse(String text) {
        String range = text.trim();
        if (range.startsWith("[") || range.startsWith("(")) {
            String[] bounds = range.substring(1, range.length() - 1).split(",");
            return new VersionRange(numbers(bounds[0]), range.startsWith("["), numbers(bounds[1]), range.endsWith("]"));
        }
        return new VersionRange(numbers(range), true, null, false);
    }

    boolean includes(String version) {
        int[] candidate = numbers(version);
        int low = Arrays.compare(candidate, floor);
        if (low < 0 || (low == 0 && !floorIncluded)) {
            return false;
        }
        if (ceiling == null) {
            return true;
        }
        int high = Arrays.compare(candidate, ceiling);
        return high < 0 || (high == 0 && ceilingIncluded);
    }

    /** major.minor.micro as numbers; missing parts are 0, a qualifier (or Maven's -SNAPSHOT) is dropped. */
    static int[] numbers(String version) {
        String[] parts = version.trim().split("[.-]");
        int[] numbers = new int[3];
        for (int i = 0; i < 3 && i < parts.length; i++) {
            if (!parts[i].chars().allMatch(Character::isDigit) || parts[i].isEmpty()) {
                break;
            }
            numbers[i] = Integer.parseInt(parts[i]);
        }
        return numbers;
    }
}
