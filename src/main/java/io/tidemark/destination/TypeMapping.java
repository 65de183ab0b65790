package io.tidemark.destination;

import io.tidemark.discovery.SourceColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The destination type of a source column. A built-in type (one of {@code pg_catalog}, as the destination
 * server knows it) is kept exactly as declared, modifiers included: {@code numeric(12,2)},
 * {@code character varying(10)}, {@code timestamp(3) with time zone}, {@code integer[]}, {@code bytea},
 * {@code uuid}, {@code jsonb}, .... A domain becomes its base type (without the domain's modifiers and checks);
 * enums, composite types and types of extensions the destination may lack become {@code text}, their arrays
 * {@code text[]}: every value keeps PostgreSQL's text form. The answer comes from the destination's own catalog
 * ({@code to_regtype}), once per declared type.
 */
final class TypeMapping {
    private static final String BUILT_IN_SQL = """
            SELECT format_type(t.oid, NULL) FROM pg_catalog.pg_type t
            WHERE t.oid = to_regtype(?) AND t.typnamespace = 'pg_catalog'::regnamespace
            """;

    private final Map<String, Optional<String>> builtIn = new ConcurrentHashMap<>();

    String destinationType(Connection destination, SourceColumn column) throws SQLException {
        if (builtInType(destination, column.dataType()).isPresent()) {
            return column.dataType();
        }
        // a domain (or an array of one) is described by its base type's name; anything else is kept as text
        Optional<String> base = builtInType(destination, column.baseType());
        if (column.isArray()) {
            return base.filter(type -> type.endsWith("[]")).orElse("text[]");
        }
        return base.orElse("text");
    }

    private Optional<String> builtInType(Connection destination, String typeName) throws SQLException {
        Optional<String> known = builtIn.get(typeName);
        if (known != null) {
            return known;
        }
        Optional<String> found;
        try (PreparedStatement statement = destination.prepareStatement(BUILT_IN_SQL)) {
            statement.setString(1, typeName);
            try (ResultSet rs = statement.executeQuery()) {
                found = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            if (!"42601".equals(e.getSQLState()) && !"22P02".equals(e.getSQLState())) {
                throw e;
            }
            // a name to_regtype cannot even parse (a quoted user type) is not built in; the error ended the
            // transaction, which holds nothing yet: types are looked up before any change
            destination.rollback();
            found = Optional.empty();
        }
        builtIn.put(typeName, found);
        return found;
    }
}
