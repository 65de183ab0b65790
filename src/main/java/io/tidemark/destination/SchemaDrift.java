package io.tidemark.destination;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What it takes to bring an existing destination table to the shape the source now has. New columns are added;
 * a source type that became wider (see {@link TypeWidening}) widens the destination column; a narrower source
 * type changes nothing (the destination still holds every value); a column gone from the source stays, made
 * nullable; anything else (another type, another primary key) is unsafe and fails the table.
 *
 * @param added       columns to add, with their types
 * @param widened     columns whose destination type becomes the given wider one
 * @param leftBehind  destination columns the source no longer has (they stay)
 * @param unsafe      why the table cannot be written to as it is, or null
 */
record SchemaDrift(List<DestinationTable.Column> added, List<DestinationTable.Column> widened, List<String> leftBehind,
                   String unsafe) {

    boolean changesTable() {
        return !added.isEmpty() || !widened.isEmpty();
    }

    /**
     * @param compareTypes false for tables whose types were inferred from values (Tidemark's own datasets): their
     *                     columns are only ever added
     */
    static SchemaDrift between(DestinationTable desired, List<DestinationTable.Column> existing, List<String> existingKey,
                               boolean compareTypes) {
        if (!existingKey.equals(desired.key())) {
            return unsafe("its primary key is " + describeKey(existingKey) + " in the destination but "
                    + describeKey(desired.key()) + " in the source");
        }
        Map<String, String> existingTypes = new LinkedHashMap<>();
        existing.forEach(column -> existingTypes.put(column.name(), column.type()));
        List<DestinationTable.Column> added = new ArrayList<>();
        List<DestinationTable.Column> widened = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (DestinationTable.Column column : desired.columns()) {
            String current = existingTypes.remove(column.name());
            if (current == null) {
                added.add(column);
            } else if (!compareTypes || TypeWidening.holds(current, column.type())) {
                continue; // the destination already holds every value
            } else if (TypeWidening.holds(column.type(), current)) {
                widened.add(column);
            } else {
                problems.add("column \"" + column.name() + "\" changed from " + current + " to " + column.type());
            }
        }
        if (!problems.isEmpty()) {
            return unsafe(String.join(", ", problems) + ", which is not a widening");
        }
        List<String> leftBehind = existingTypes.keySet().stream()
                .filter(name -> !name.startsWith(DestinationTable.OWN_PREFIX)).toList();
        return new SchemaDrift(List.copyOf(added), List.copyOf(widened), leftBehind, null);
    }

    private static SchemaDrift unsafe(String why) {
        return new SchemaDrift(List.of(), List.of(), List.of(), why);
    }

    private static String describeKey(List<String> key) {
        return key.isEmpty() ? "none" : "(" + String.join(", ", key) + ")";
    }
}
