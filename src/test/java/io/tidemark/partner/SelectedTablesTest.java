package io.tidemark.partner;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.partner.sdk.SchemaSelection;
import io.tidemark.partner.sdk.Selection;
import io.tidemark.partner.sdk.TableSelection;
import io.tidemark.partner.sdk.TablesWithNoSchema;
import io.tidemark.partner.sdk.TablesWithSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an Update's selection leaves of the discovered tables and their columns. */
class SelectedTablesTest {
    private static final SourceTable ORDERS = table(1, "public", "orders", List.of("id"), "id", "status", "total");
    private static final SourceTable CUSTOMERS = table(2, "public", "customers", List.of("id"), "id", "name", "email");
    private static final SourceTable LINES = table(3, "public", "lines", List.of("order_id", "n"), "order_id", "n", "b", "c");
    private static final SourceTable AUDIT = table(4, "audit", "events", List.of(), "at", "what");
    private static final SourceTable OTHER_ORDERS = table(5, "archive", "orders", List.of("id"), "id", "status");
    private static final List<SourceTable> DISCOVERED = List.of(ORDERS, CUSTOMERS, LINES, AUDIT, OTHER_ORDERS);

    private static SourceTable table(long oid, String schema, String name, List<String> key, String... columns) {
        List<SourceColumn> sourceColumns = new java.util.ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            sourceColumns.add(new SourceColumn(columns[i], i + 1, "text", "text", "S", key.contains(columns[i]), null, null));
        }
        return new SourceTable(oid, schema, name, false, 10, "reltuples", 8192, null, List.copyOf(sourceColumns), key,
                SizeCategory.SMALL);
    }

    private static List<SourceTable> select(Selection selection) {
        return SelectedTables.of(DISCOVERED, Optional.of(selection));
    }

    private static Selection withSchema(boolean includeNewSchemas, SchemaSelection... schemas) {
        return Selection.newBuilder().setWithSchema(TablesWithSchema.newBuilder()
                .addAllSchemas(List.of(schemas)).setIncludeNewSchemas(includeNewSchemas)).build();
    }

    private static SchemaSelection schema(String name, boolean included, boolean includeNewTables, TableSelection... tables) {
        return SchemaSelection.newBuilder().setSchemaName(name).setIncluded(included).setIncludeNewTables(includeNewTables)
                .addAllTables(List.of(tables)).build();
    }

    private static TableSelection table(String name, boolean included, boolean includeNewColumns, Map<String, Boolean> columns) {
        return TableSelection.newBuilder().setTableName(name).setIncluded(included).setIncludeNewColumns(includeNewColumns)
                .putAllColumns(columns).build();
    }

    private static List<String> names(List<SourceTable> tables) {
        return tables.stream().map(SourceTable::qualifiedName).toList();
    }

    private static List<String> columnsOf(List<SourceTable> tables, String qualifiedName) {
        return tables.stream().filter(t -> t.qualifiedName().equals(qualifiedName)).findFirst().orElseThrow()
                .columns().stream().map(SourceColumn::name).toList();
    }

    @Test
    void withoutASelectionEveryTableWithEveryColumn() {
        assertThat(SelectedTables.of(DISCOVERED, Optional.empty())).isEqualTo(DISCOVERED);
        assertThat(SelectedTables.of(DISCOVERED, Optional.of(Selection.getDefaultInstance()))).isEqualTo(DISCOVERED);
    }

    @Test
    void aSchemaSwitchedOffDropsItsTables() {
        List<SourceTable> selected = select(withSchema(true,
                schema("public", true, true),
                schema("audit", false, true, table("events", true, true, Map.of()))));

        assertThat(names(selected)).containsExactly("public.orders", "public.customers", "public.lines", "archive.orders");
    }

    @Test
    void aSchemaNotNamedFollowsIncludeNewSchemas() {
        SchemaSelection publicOnly = schema("public", true, true);

        assertThat(names(select(withSchema(true, publicOnly))))
                .containsExactly("public.orders", "public.customers", "public.lines", "audit.events", "archive.orders");
        assertThat(names(select(withSchema(false, publicOnly))))
                .containsExactly("public.orders", "public.customers", "public.lines");
        assertThat(select(withSchema(true, publicOnly))).as("new tables come with every column")
                .filteredOn(t -> t.schema().equals("audit")).containsExactly(AUDIT);
    }

    @Test
    void aTableNotNamedFollowsItsSchemasIncludeNewTables() {
        TableSelection orders = table("orders", true, true, Map.of());

        assertThat(names(select(withSchema(false, schema("public", true, false, orders))))).containsExactly("public.orders");
        assertThat(names(select(withSchema(false, schema("public", true, true, orders)))))
                .containsExactly("public.orders", "public.customers", "public.lines");
        assertThat(names(select(withSchema(false, schema("public", true, true, table("customers", false, true, Map.of()))))))
                .as("a table switched off stays off").containsExactly("public.orders", "public.lines");
    }

    @Test
    void aColumnSwitchedOffIsNotReadUnlessItIsPartOfThePrimaryKey() {
        TableSelection lines = table("lines", true, true, Map.of("b", false, "order_id", false, "n", true));
        TableSelection orders = table("orders", true, true, Map.of("id", false, "total", false));

        List<SourceTable> selected = select(withSchema(false, schema("public", true, false, lines, orders)));

        assertThat(columnsOf(selected, "public.lines")).containsExactly("order_id", "n", "c");
        assertThat(columnsOf(selected, "public.orders")).containsExactly("id", "status");
        SourceTable readLines = selected.stream().filter(t -> t.name().equals("lines")).findFirst().orElseThrow();
        assertThat(readLines.primaryKey()).containsExactly("order_id", "n");
        assertThat(readLines.oid()).isEqualTo(LINES.oid());
    }

    @Test
    void columnsNotNamedFollowIncludeNewColumns() {
        List<SourceTable> withNew = select(withSchema(false, schema("public", true, false,
                table("customers", true, true, Map.of("email", false)))));
        List<SourceTable> withoutNew = select(withSchema(false, schema("public", true, false,
                table("customers", true, false, Map.of("email", true)))));

        assertThat(columnsOf(withNew, "public.customers")).containsExactly("id", "name");
        assertThat(columnsOf(withoutNew, "public.customers")).as("the key is read although not named")
                .containsExactly("id", "email");
    }

    @Test
    void aTableWithEveryColumnIsTheDiscoveredTable() {
        List<SourceTable> selected = select(withSchema(false, schema("public", true, false,
                table("orders", true, false, Map.of("id", true, "status", true, "total", true)))));

        assertThat(selected).containsExactly(ORDERS);
    }

    @Test
    void withoutSchemaTablesAreMatchedByName() {
        Selection selection = Selection.newBuilder().setWithoutSchema(TablesWithNoSchema.newBuilder()
                .addTables(table("customers", true, false, Map.of("name", true)))
                .addTables(table("events", false, true, Map.of()))
                .setIncludeNewTables(false)).build();

        List<SourceTable> selected = select(selection);

        assertThat(names(selected)).containsExactly("public.customers");
        assertThat(columnsOf(selected, "public.customers")).containsExactly("id", "name");
    }

    @Test
    void withoutSchemaTablesNotNamedFollowIncludeNewTables() {
        Selection selection = Selection.newBuilder().setWithoutSchema(TablesWithNoSchema.newBuilder()
                .addTables(table("customers", false, true, Map.of()))
                .setIncludeNewTables(true)).build();

        assertThat(names(select(selection)))
                .containsExactly("public.orders", "public.lines", "audit.events", "archive.orders");
    }

    @Test
    void withoutSchemaAQualifiedNameTellsTablesOfOneNameApart() {
        Selection selection = Selection.newBuilder().setWithoutSchema(TablesWithNoSchema.newBuilder()
                .addTables(table("archive.orders", true, true, Map.of()))
                .setIncludeNewTables(false)).build();

        assertThat(names(select(selection))).containsExactly("archive.orders");
    }

    @Test
    void theProcessingOrderIsKept() {
        List<SourceTable> selected = select(withSchema(true,
                schema("public", true, false, table("lines", true, true, Map.of()), table("orders", true, true, Map.of()))));

        assertThat(names(selected)).containsExactly("public.orders", "public.lines", "audit.events", "archive.orders");
    }
}
