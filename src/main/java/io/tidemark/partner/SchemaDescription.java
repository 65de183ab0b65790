package io.tidemark.partner;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.partner.sdk.Column;
import io.tidemark.partner.sdk.Schema;
import io.tidemark.partner.sdk.SchemaList;
import io.tidemark.partner.sdk.SchemaResponse;
import io.tidemark.partner.sdk.Table;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Schema} answer: the tables discovery selects (base and partitioned tables, never views or single
 * partitions), grouped by schema, each column with its Fivetran type ({@link FivetranTypes}) and its primary-key flag.
 */
final class SchemaDescription {
    private SchemaDescription() {
    }

    static SchemaResponse of(List<SourceTable> tables) {
        return SchemaResponse.newBuilder().setWithSchema(schemaList(tables)).build();
    }

    static SchemaList schemaList(List<SourceTable> tables) {
        Map<String, Schema.Builder> schemas = new LinkedHashMap<>();
        tables.stream().sorted(Comparator.comparing(SourceTable::schema).thenComparing(SourceTable::name)).forEach(table ->
                schemas.computeIfAbsent(table.schema(), name -> Schema.newBuilder().setName(name)).addTables(table(table)));
        SchemaList.Builder list = SchemaList.newBuilder();
        schemas.values().forEach(list::addSchemas);
        return list.build();
    }

    private static Table table(SourceTable table) {
        Table.Builder described = Table.newBuilder().setName(table.name());
        for (SourceColumn column : table.columns()) {
            FivetranTypes.Mapped type = FivetranTypes.of(column);
            Column.Builder builder = Column.newBuilder().setName(column.name()).setType(type.type())
                    .setPrimaryKey(table.primaryKey().contains(column.name()));
            type.params().ifPresent(builder::setParams);
            described.addColumns(builder);
        }
        return described.build();
    }
}
