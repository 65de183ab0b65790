package io.tidemark.partner;

import io.tidemark.partner.sdk.Record;
import io.tidemark.partner.sdk.RecordType;
import io.tidemark.partner.sdk.UpdateResponse;
import io.tidemark.partner.sdk.ValueType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a Fivetran destination makes of an {@code Update} stream, in memory: tables of rows keyed by their
 * {@code id} column (or, without one, by the whole row), upserted, deleted and truncated; the last checkpoint's state.
 * Values are kept as {@code <type>:<value>} so that a wrong type shows.
 */
final class DestinationModel {
    private final Map<String, Map<String, Map<String, String>>> tables = new TreeMap<>();
    private String lastState;

    void apply(UpdateResponse response) {
        switch (response.getOperationCase()) {
            case RECORD -> apply(response.getRecord());
            case RECORDS -> response.getRecords().getRecordsList().forEach(this::apply);
            case CHECKPOINT -> lastState = response.getCheckpoint().getStateJson();
            default -> {
                // warnings, schema changes and tasks do not change the rows
            }
        }
    }

    void apply(Record record) {
        Map<String, Map<String, String>> rows = tables.computeIfAbsent(record.getSchemaName() + "." + record.getTableName(),
                name -> new LinkedHashMap<>());
        Map<String, String> values = new TreeMap<>();
        record.getDataMap().forEach((column, value) -> values.put(column, text(value)));
        String key = values.containsKey("id") ? values.get("id").substring(values.get("id").indexOf(':') + 1) : values.toString();
        if (record.getType() == RecordType.TRUNCATE) {
            rows.clear();
        } else if (record.getType() == RecordType.DELETE) {
            rows.remove(key);
        } else if (record.getType() == RecordType.UPDATE) {
            rows.computeIfAbsent(key, k -> new TreeMap<>()).putAll(values);
        } else {
            rows.put(key, values);
        }
    }

    static String text(ValueType value) {
        return switch (value.getInnerCase()) {
            case NULL -> "null";
            case BOOL -> "bool:" + value.getBool();
            case SHORT -> "short:" + value.getShort();
            case INT -> "int:" + value.getInt();
            case LONG -> "long:" + value.getLong();
            case FLOAT -> "float:" + value.getFloat();
            case DOUBLE -> "double:" + value.getDouble();
            case DECIMAL -> "decimal:" + value.getDecimal();
            case STRING -> "string:" + value.getString();
            case JSON -> "json:" + value.getJson();
            case XML -> "xml:" + value.getXml();
            case BINARY -> "binary:" + value.getBinary().size();
            // microseconds since the epoch: PostgreSQL's precision
            case UTC_DATETIME -> "utc_datetime:" + (value.getUtcDatetime().getSeconds() * 1_000_000 + value.getUtcDatetime().getNanos() / 1_000);
            case NAIVE_DATETIME -> "naive_datetime:" + value.getNaiveDatetime().getSeconds();
            case NAIVE_DATE -> "naive_date:" + value.getNaiveDate().getSeconds();
            default -> value.getInnerCase().name();
        };
    }

    Set<String> tables() {
        return new TreeSet<>(tables.keySet());
    }

    /** The table's rows by key; empty when nothing of it arrived. */
    Map<String, Map<String, String>> table(String name) {
        return tables.getOrDefault(name, Map.of());
    }

    /** The rows of a table keyed by {@code id}, as {@link PartnerConnectorTest} reads the source. */
    Map<String, Map<String, String>> rows(String name) {
        return new LinkedHashMap<>(table(name));
    }

    String lastState() {
        return lastState;
    }

}
