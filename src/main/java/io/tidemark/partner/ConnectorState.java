package io.tidemark.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.config.ConfigException;
import io.tidemark.state.Checkpoints;
import io.tidemark.state.TableState;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code state_json} of the Partner SDK: Tidemark's own checkpoints ({@link TableState}, as the state store
 * keeps them) of every table, keyed by {@code schema.table}, under a format version. Fivetran stores the last
 * state a {@code Checkpoint} carried and sends it back with the next {@code Update}; the planner reads it as it
 * reads the state store. Thread-safe: the tables of one {@code Update} are read at once.
 */
public final class ConnectorState implements Checkpoints {
    /** The format this Tidemark writes and reads; a later one is refused rather than misread. */
    static final int VERSION = 1;
    static final String FIELD = "state_json";
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Map<String, TableState> tables;

    private ConnectorState(Map<String, TableState> tables) {
        this.tables = tables;
    }

    /** The document as written: version and tables. */
    record Document(int version, Map<String, TableState> tables) {
    }

    /**
     * The state a request carried; empty (absent or blank) for an initial sync.
     *
     * @throws ConfigException when it is not a state this Tidemark wrote
     */
    public static ConnectorState parse(String stateJson) {
        if (stateJson == null || stateJson.isBlank() || stateJson.strip().equals("{}")) {
            return new ConnectorState(new TreeMap<>());
        }
        Document document;
        try {
            document = JSON.readValue(stateJson, Document.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(FIELD, "is not a Tidemark state (" + e.getOriginalMessage() + ")");
        }
        if (document == null) {
            return new ConnectorState(new TreeMap<>()); // the JSON literal null: no state
        }
        if (document.version() != VERSION) {
            throw new ConfigException(FIELD, "has version " + document.version() + "; this Tidemark reads version " + VERSION);
        }
        Map<String, TableState> tables = new TreeMap<>();
        if (document.tables() != null) {
            document.tables().forEach((name, state) -> {
                if (state == null || !name.equals(state.table())) {
                    throw new ConfigException(FIELD, "has an entry '" + name + "' that is not that table's state");
                }
                tables.put(name, state);
            });
        }
        return new ConnectorState(tables);
    }

    /** No table has a state: the request is an initial sync. */
    public synchronized boolean initial() {
        return tables.isEmpty();
    }

    @Override
    public synchronized Optional<TableState> load(String table) {
        return Optional.ofNullable(tables.get(table));
    }

    /** Records a table's state; it goes out with the next {@link #json()}. */
    public synchronized void save(TableState state) {
        tables.put(state.table(), state);
    }

    /** Every table's state as the JSON a {@code Checkpoint} carries. */
    public synchronized String json() {
        try {
            return JSON.writeValueAsString(new Document(VERSION, tables));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a table state could not be written as JSON", e);
        }
    }
}
