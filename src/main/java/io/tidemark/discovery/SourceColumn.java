package io.tidemark.discovery;

/**
 * One column as the catalog describes it.
 *
 * @param dataType  the declared type as PostgreSQL prints it ({@code format_type}), usable in a CAST
 * @param baseType  {@code pg_type.typname} of the column's type, or of a domain's base type
 * @param category  {@code pg_type.typcategory} of that type ({@code A} = array, {@code N} = numeric, ...)
 */
public record SourceColumn(String name, int ordinal, String dataType, String baseType, String category,
                           boolean notNull, String defaultExpression, String comment) {

    public boolean isArray() {
        return "A".equals(category);
    }
}
