package io.tidemark.app;

import io.tidemark.config.ConfigException;
import io.tidemark.state.StateStore;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code tidemark reset <schema.table|glob>...}: forgets the checkpoints of the named tables, so their next
 * cycle syncs them in full (a snapshot). Exit 0 when every name matched a checkpoint, 1 otherwise.
 */
final class ResetCommand {
    private final StateStore states;

    ResetCommand(StateStore states) {
        this.states = states;
    }

    int run(List<String> names, PrintStream out) throws IOException {
        if (names.isEmpty()) {
            throw new ConfigException("reset", "name the tables to reset: reset <schema.table|glob>...");
        }
        List<String> known = states.tables();
        boolean allMatched = true;
        for (String name : names) {
            Pattern glob = glob(name);
            List<String> matched = new ArrayList<>(known.stream().filter(t -> glob.matcher(t).matches()).sorted().toList());
            if (matched.isEmpty()) {
                out.println(name + ": no checkpoint");
                allMatched = false;
            }
            for (String table : matched) {
                states.delete(table);
                out.println(table + ": checkpoint removed; its next cycle syncs it in full");
            }
        }
        return allMatched ? TidemarkMain.OK : TidemarkMain.FAILED;
    }

    private static Pattern glob(String name) {
        StringBuilder regex = new StringBuilder();
        for (char c : name.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
