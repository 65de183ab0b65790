package io.tidemark.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.state.StateStore;
import io.tidemark.state.TableState;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code tidemark status [--json]}: where each checkpointed table stands, read from the state store alone (the
 * source is not touched): its phase, its size category, the rows the cycle that wrote its last checkpoint had
 * written by then, that checkpoint and cycle, and its position. Checkpoints of earlier versions lack the category
 * and the rows: {@code -} in the table, null in the JSON.
 */
final class StatusCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How the text table shows a value an earlier version's checkpoint does not have. */
    private static final String UNKNOWN = "-";
    private final StateStore states;

    StatusCommand(StateStore states) {
        this.states = states;
    }

    int run(boolean json, PrintStream out) throws IOException {
        if (json) {
            out.println(json());
        } else {
            printTable(checkpoints(), out);
        }
        return TidemarkMain.OK;
    }

    /** Every checkpointed table's status as a JSON array: what {@code status --json} prints and {@code /observe/status} answers. */
    String json() throws IOException {
        ArrayNode tables = JSON.createArrayNode();
        checkpoints().forEach(state -> tables.add(asJson(state)));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tables);
    }

    private List<TableState> checkpoints() throws IOException {
        List<TableState> checkpoints = new ArrayList<>();
        for (String table : states.tables().stream().sorted().toList()) {
            Optional<TableState> state = states.load(table);
            state.ifPresent(checkpoints::add);
        }
        return checkpoints;
    }

    private static void printTable(List<TableState> checkpoints, PrintStream out) {
        if (checkpoints.isEmpty()) {
            out.println("no checkpoints yet: every table's next cycle is a full snapshot");
            return;
        }
        int width = Math.max(5, checkpoints.stream().mapToInt(s -> s.table().length()).max().orElse(5));
        // counts right-aligned, as in the cycle's summary
        String format = "%-" + width + "s  %-11s  %-8s  %13s  %-30s  %-23s  %s";
        out.println(String.format(Locale.ROOT, format, "table", "phase", "category", "rows last run", "last checkpoint",
                "run", "position"));
        for (TableState state : checkpoints) {
            out.println(String.format(Locale.ROOT, format, state.table(), phase(state),
                    state.category() == null ? UNKNOWN : state.category(),
                    state.runRows() == null ? UNKNOWN : String.format(Locale.ROOT, "%,d", state.runRows()),
                    state.updatedAt(), state.runId(), position(state)));
        }
    }

    /** The phase as the README names it: a snapshot under way, incremental, or a completed full-refresh pass. */
    private static String phase(TableState state) {
        return switch (state.phase()) {
            case SNAPSHOT -> "snapshot";
            case INCREMENTAL -> "incremental";
            case COMPLETE -> "complete";
        };
    }

    /** Where the next read starts, in the table's own terms. */
    private static String position(TableState state) {
        return switch (state.phase()) {
            case SNAPSHOT -> state.snapshotKey() == null ? "from the first row"
                    : "after key " + key(state.keyColumns(), state.snapshotKey());
            case INCREMENTAL -> state.cursorColumn() + (state.cursorKey() == null ? " >= " + state.cursorValue()
                    : " = " + state.cursorValue() + ", after key " + key(state.keyColumns(), state.cursorKey()));
            case COMPLETE -> "full pass complete; the next cycle starts a new one";
        };
    }

    private static String key(List<String> columns, List<String> values) {
        if (columns == null || columns.size() != values.size()) {
            return "(" + String.join(", ", values) + ")";
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            pairs.add(columns.get(i) + "=" + values.get(i));
        }
        return "(" + String.join(", ", pairs) + ")";
    }

    private static ObjectNode asJson(TableState state) {
        ObjectNode node = JSON.createObjectNode();
        node.put("table", state.table());
        node.put("phase", phase(state));
        node.put("category", state.category());
        node.put("rows_in_last_run", state.runRows());
        node.put("last_checkpoint", state.updatedAt());
        node.put("run_id", state.runId());
        node.put("position", position(state));
        node.set("key_columns", JSON.valueToTree(state.keyColumns()));
        node.set("snapshot_key", JSON.valueToTree(state.snapshotKey()));
        node.put("cursor_column", state.cursorColumn());
        node.put("cursor_value", state.cursorValue());
        node.set("cursor_key", JSON.valueToTree(state.cursorKey()));
        return node;
    }
}
