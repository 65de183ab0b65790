package io.tidemark.discovery;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.config.ConfigException;
import io.tidemark.config.TableSelector;
import io.tidemark.discovery.SelectionCheck.ListedTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionCheckTest {
    private static final List<ListedTable> SHOP = List.of(new ListedTable("public", "orders", true),
            new ListedTable("public", "order_items", true), new ListedTable("sales", "customers", true));

    private static TableSelector selector(List<String> schemas, List<String> includes, List<String> excludes) {
        return TableSelector.of(schemas, "tidemark.source.include-tables", includes, "tidemark.source.exclude-tables", excludes);
    }

    private static SelectionCheck.Source source(List<String> missingSchemas, List<ListedTable> tables) {
        return new SelectionCheck.Source(missingSchemas, tables);
    }

    @Test
    void aSchemaTheSourceLacksIsNamed() {
        assertThatThrownBy(() -> SelectionCheck.check(selector(List.of("public", "no_such", "nor_this"), List.of(), List.of()),
                "reader", source(List.of("no_such", "nor_this"), SHOP)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tidemark.source.schemas: schemas 'no_such', 'nor_this' not found in the source");
    }

    @Test
    void anIncludeGlobThatMatchesNothingIsNamedEvenWhenAnotherMatches() {
        assertThatThrownBy(() -> SelectionCheck.check(selector(List.of(), List.of("public.order*", "public.ordr*"), List.of()),
                "reader", source(List.of(), SHOP)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tidemark.source.include-tables: 'public.ordr*' matches no table");
    }

    @Test
    void anIncludeIsLookedForInTheConfiguredSchemasOnly() {
        assertThatThrownBy(() -> SelectionCheck.check(selector(List.of("public"), List.of("sales.*"), List.of()),
                "reader", source(List.of(), SHOP.subList(0, 2))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tidemark.source.include-tables: 'sales.*' matches no table in the schemas 'public'");
    }

    @Test
    void excludesThatLeaveNothingAreRefused() {
        assertThatThrownBy(() -> SelectionCheck.check(selector(List.of(), List.of("public.*"), List.of("public.order*")),
                "reader", source(List.of(), SHOP)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tidemark.source.exclude-tables: excludes every table the selection includes (2 tables)");
    }

    @Test
    void aUserWhoMayReadNoSelectedTableIsNamed() {
        List<ListedTable> unreadable = List.of(new ListedTable("public", "orders", false),
                new ListedTable("public", "order_items", false), new ListedTable("public", "notes", true));

        assertThatThrownBy(() -> SelectionCheck.check(selector(List.of("public"), List.of(), List.of("public.notes")), "reader",
                source(List.of(), unreadable)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tidemark.source.username: 'reader' may not SELECT any of the 2 selected tables");
    }

    @Test
    void someReadableTablesOrAnEmptySourceWithNothingConfiguredAreFine() {
        List<ListedTable> partly = List.of(new ListedTable("public", "orders", false), new ListedTable("public", "order_items", true));

        assertThatCode(() -> SelectionCheck.check(selector(List.of(), List.of(), List.of()), "reader", source(List.of(), partly)))
                .doesNotThrowAnyException();
        assertThatCode(() -> SelectionCheck.check(selector(List.of(), List.of(), List.of()), "reader", source(List.of(), List.of())))
                .doesNotThrowAnyException();
    }
}
