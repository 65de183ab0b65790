package io.tidemark.destination;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether one PostgreSQL column type holds every value of another without loss, on type names as
 * {@code format_type} prints them ({@code character varying(10)}, {@code numeric(12,2)},
 * {@code timestamp(3) with time zone}, {@code integer[]}). Only these widenings count: a longer or unbounded
 * varchar (and text), a larger integer, numeric with at least as many integer and fraction digits (or
 * unbounded), real to double precision, more fractional seconds of the same time type, a longer bit varying;
 * arrays when their elements widen. Anything else is a different type.
 */
final class TypeWidening {
    private static final Pattern MODIFIERS = Pattern.compile("\\(([^)]*)\\)");
    private static final Map<String, Integer> INTEGER_RANK = Map.of("smallint", 1, "integer", 2, "bigint", 3);
    private static final Map<String, Integer> INTEGER_DIGITS = Map.of("smallint", 5, "integer", 10, "bigint", 19);

    private TypeWidening() {
    }

    /** Whether a column of type {@code wide} holds every value of type {@code narrow}. */
    static boolean holds(String wide, String narrow) {
        ParsedType w = ParsedType.of(wide);
        ParsedType n = ParsedType.of(narrow);
        if (w.equals(n)) {
            return true;
        }
        if (w.arrayDimensions != n.arrayDimensions) {
            return false;
        }
        if (INTEGER_RANK.containsKey(w.name) && INTEGER_RANK.containsKey(n.name)) {
            return INTEGER_RANK.get(w.name) >= INTEGER_RANK.get(n.name);
        }
        if (w.name.equals("numeric")) {
            return numericHolds(w, n);
        }
        if (w.name.equals("double precision")) {
            return n.name.equals("real");
        }
        if (w.name.equals("text")) {
            return n.name.equals("character varying");
        }
        if (w.name.equals("character varying") || w.name.equals("bit varying")) {
            return (n.name.equals(w.name) || (w.name.equals("character varying") && n.name.equals("text")))
                    && (w.modifiers.isEmpty() || (!n.modifiers.isEmpty() && n.modifiers.get(0) <= w.modifiers.get(0)));
        }
        if (w.name.startsWith("timestamp") || w.name.startsWith("time ")) {
            return w.name.equals(n.name) && precision(w) >= precision(n);
        }
        return false;
    }

    private static boolean numericHolds(ParsedType w, ParsedType n) {
        if (w.modifiers.isEmpty()) {
            return n.name.equals("numeric") || INTEGER_RANK.containsKey(n.name);
        }
        int wideScale = w.modifiers.size() > 1 ? w.modifiers.get(1) : 0;
        int wideIntegerDigits = w.modifiers.get(0) - wideScale;
        if (INTEGER_RANK.containsKey(n.name)) {
            return wideIntegerDigits >= INTEGER_DIGITS.get(n.name);
        }
        if (!n.name.equals("numeric") || n.modifiers.isEmpty()) {
            return false;
        }
        int narrowScale = n.modifiers.size() > 1 ? n.modifiers.get(1) : 0;
        return wideScale >= narrowScale && wideIntegerDigits >= n.modifiers.get(0) - narrowScale;
    }

    /** Fractional-second digits; PostgreSQL's default is 6. */
    private static int precision(ParsedType type) {
        return type.modifiers.isEmpty() ? 6 : type.modifiers.get(0);
    }

    /** A type name without its modifiers, the modifiers, and the array dimensions. */
    private record ParsedType(String name, List<Integer> modifiers, int arrayDimensions) {
        static ParsedType of(String formatted) {
            String text = formatted.strip().toLowerCase(Locale.ROOT);
            int dimensions = 0;
            while (text.endsWith("[]")) {
                dimensions++;
                text = text.substring(0, text.length() - 2).strip();
            }
            List<Integer> modifiers = new ArrayList<>();
            Matcher matcher = MODIFIERS.matcher(text);
            if (matcher.find()) {
                for (String part : matcher.group(1).split(",")) {
                    try {
                        modifiers.add(Integer.parseInt(part.strip()));
                    } catch (NumberFormatException e) {
                        return new ParsedType(formatted.strip(), List.of(), dimensions); // not a typmod we know
                    }
                }
                text = matcher.replaceFirst("").replaceAll("\\s+", " ").strip();
            }
            return new ParsedType(text, List.copyOf(modifiers), dimensions);
        }
    }
}
