package io.tidemark.partner;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.partner.sdk.SchemaSelection;
import io.tidemark.partner.sdk.Selection;
import io.tidemark.partner.sdk.TableSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an {@code Update}'s {@code selection} leaves of the discovered tables: schemas and tables switched off are
 * left out, so are columns switched off; schemas, tables and columns the selection does not name yet (new since
 * the user saw the schema) follow its {@code include_new_*} flags. Primary-key columns are always read: Fivetran
 * keys its records by them. Without a selection, every discovered table with every column.
 */
final class SelectedTables {
    private static final Logger LOG = LoggerFactory.getLogger(SelectedTables.class);

    private SelectedTables() {
    }

    /** The selected tables, in discovery (processing) order, each with its selected columns only. */
    static List<SourceTable> of(List<SourceTable> discovered, Optional<Selection> selection) {
        if (selection.isEmpty() || selection.get().getSelectionCase() == Selection.SelectionCase.SELECTION_NOT_SET) {
            return discovered;
        }
        List<SourceTable> selected = new ArrayList<>();
        for (SourceTable table : discovered) {
            tableSelection(table, selection.get()).ifPresent(choice -> selected.add(withColumns(table, choice)));
        }
        return selected;
    }

    /** How the selection treats the table: empty when left out; a null table selection when new (all columns). */
    private static Optional<ColumnChoice> tableSelection(SourceTable table, Selection selection) {
        if (selection.hasWithSchema()) {
            Optional<SchemaSelection> schema = selection.getWithSchema().getSchemasList().stream()
                    .filter(s -> s.getSchemaName().equals(table.schema())).findFirst();
            if (schema.isEmpty()) {
                return selection.getWithSchema().getIncludeNewSchemas() ? Optional.of(ColumnChoice.ALL) : Optional.empty();
            }
            if (!schema.get().getIncluded()) {
                return Optional.empty();
            }
            return choice(schema.get().getTablesList(), table.name(), schema.get().getIncludeNewTables());
        }
        // without schemas, a table is named by its name, or by schema.table where names repeat across schemas
        List<TableSelection> tables = selection.getWithoutSchema().getTablesList();
        boolean qualified = tables.stream().anyMatch(t -> t.getTableName().equals(table.qualifiedName()));
        return choice(tables, qualified ? table.qualifiedName() : table.name(), selection.getWithoutSchema().getIncludeNewTables());
    }

    private static Optional<ColumnChoice> choice(List<TableSelection> tables, String name, boolean includeNew) {
        Optional<TableSelection> named = tables.stream().filter(t -> t.getTableName().equals(name)).findFirst();
        if (named.isEmpty()) {
            return includeNew ? Optional.of(ColumnChoice.ALL) : Optional.empty();
        }
        return named.get().getIncluded() ? Optional.of(new ColumnChoice(named.get())) : Optional.empty();
    }

    private static SourceTable withColumns(SourceTable table, ColumnChoice choice) {
        List<String> columns = new ArrayList<>();
        for (SourceColumn column : table.columns()) {
            boolean key = table.primaryKey().contains(column.name());
            if (choice.selects(column.name())) {
                columns.add(column.name());
            } else if (key) {
                LOG.warn("{}: column {} is part of the primary key; it is sent although the selection leaves it out", table, column.name());
                columns.add(column.name());
            }
        }
        return columns.size() == table.columns().size() ? table : table.withColumns(columns);
    }

    /** The columns of one table selection: those it switches on, and those it does not name when new ones are. */
    private record ColumnChoice(TableSelection table) {
        static final ColumnChoice ALL = new ColumnChoice(null);

        boolean selects(String column) {
            if (table == null) {
                return true;
            }
            Boolean named = table.getColumnsMap().get(column);
            return named == null ? table.getIncludeNewColumns() : named;
        }
    }
}
