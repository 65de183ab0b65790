package io.tidemark.run;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * Gathers the split's per-table outcomes ({@link TableRun} bodies) into one list. The result is a fresh
 * exchange on purpose: a table whose failure was handled and recorded leaves its exchange marked as handled,
 * and reusing that exchange as the result would end the cycle route before its report.
 */
public final class TableOutcomes implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange gathered, Exchange table) {
        Exchange result = gathered;
        if (result == null) {
            result = new DefaultExchange(table.getContext());
            result.getMessage().setBody(new ArrayList<TableRun>());
        }
        @SuppressWarnings("unchecked")
        List<Object> outcomes = result.getMessage().getBody(List.class);
        outcomes.add(table.getMessage().getBody());
        return result;
    }
}
