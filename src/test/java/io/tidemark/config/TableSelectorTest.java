package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableSelectorTest {
    private static final String INCLUDE = "tidemark.source.include-tables";
    private static final String EXCLUDE = "tidemark.source.exclude-tables";

    private static TableSelector selector(List<String> include, List<String> exclude) {
        return TableSelector.of(List.of(), INCLUDE, include, EXCLUDE, exclude);
    }

    private static TableSelector include(String... globs) {
        return selector(List.of(globs), List.of());
    }

    @Test
    void starMatchesAnyRunOfCharactersIncludingNone() {
        TableSelector selector = include("public.order*");

        assertThat(selector.selects("public", "order")).isTrue();
        assertThat(selector.selects("public", "orders")).isTrue();
        assertThat(selector.selects("public", "order_lines")).isTrue();
        assertThat(selector.selects("public", "reorder")).isFalse();
        assertThat(selector.selects("sales", "orders")).isFalse();
        assertThat(selector.selects("public2", "orders")).isFalse();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        TableSelector selector = include("s?les.t*");

        assertThat(selector.selects("sales", "t")).isTrue();
        assertThat(selector.selects("soles", "t1")).isTrue();
        assertThat(selector.selects("s.les", "tx")).isTrue();
        assertThat(selector.selects("sles", "t1")).isFalse();
        assertThat(selector.selects("saales", "t1")).isFalse();
        assertThat(selector.selects("sales", "x")).isFalse();
    }

    @Test
    void excludeWinsOverInclude() {
        TableSelector selector = selector(List.of("public.*"), List.of("public.tmp_*", "public.audit"));

        assertThat(selector.selects("public", "orders")).isTrue();
        assertThat(selector.selects("public", "tmp_orders")).isFalse();
        assertThat(selector.selects("public", "audit")).isFalse();
        assertThat(selector.selects("public", "audit2")).isTrue();
        assertThat(selector.selects("sales", "orders")).isFalse();

        TableSelector same = selector(List.of("public.orders"), List.of("public.orders"));
        assertThat(same.selects("public", "orders")).isFalse();
    }

    @Test
    void emptyIncludeSelectsEverythingNotExcluded() {
        TableSelector selector = selector(List.of(), List.of("hr.*"));

        assertThat(selector.selects("public", "orders")).isTrue();
        assertThat(selector.selects("Any Schema", "Any \"Table\"")).isTrue();
        assertThat(selector.selects("hr", "employees")).isFalse();

        assertThat(TableSelector.all().selects("x", "y")).isTrue();
        assertThat(TableSelector.all().schemas()).isEmpty();
    }

    @Test
    void schemasAreKeptAsGiven() {
        TableSelector selector = TableSelector.of(List.of("sales", "MixedCase"), INCLUDE, List.of(), EXCLUDE, List.of());

        assertThat(selector.schemas()).containsExactly("sales", "MixedCase");
        // the schema list is applied by the catalog query, not by selects()
        assertThat(selector.selects("hr", "employees")).isTrue();
    }

    @Test
    void matchingIsCaseSensitive() {
        TableSelector selector = include("public.Orders", "MixedCase.*");

        assertThat(selector.selects("public", "Orders")).isTrue();
        assertThat(selector.selects("public", "orders")).isFalse();
        assertThat(selector.selects("PUBLIC", "Orders")).isFalse();
        assertThat(selector.selects("MixedCase", "t")).isTrue();
        assertThat(selector.selects("mixedcase", "t")).isFalse();
    }

    @Test
    void dotAndRegexMetacharactersAreLiteral() {
        TableSelector plus = include("public.a+b");
        assertThat(plus.selects("public", "a+b")).isTrue();
        assertThat(plus.selects("public", "ab")).isFalse();
        assertThat(plus.selects("public", "aab")).isFalse();
        assertThat(plus.selects("public", "aaab")).isFalse();

        // the dot in a table name is a literal dot, not "any character"
        TableSelector dotted = include("public.a.b");
        assertThat(dotted.selects("public", "a.b")).isTrue();
        assertThat(dotted.selects("public", "aXb")).isFalse();
        assertThat(dotted.selects("publicX", "a.b")).isFalse();

        TableSelector metas = include("public.x(1)|^$\\E\\Q");
        assertThat(metas.selects("public", "x(1)|^$\\E\\Q")).isTrue();
        assertThat(metas.selects("public", "x1")).isFalse();

        TableSelector quoted = include("MixedCase.Weird \"Name\"");
        assertThat(quoted.selects("MixedCase", "Weird \"Name\"")).isTrue();
        assertThat(quoted.selects("MixedCase", "Weird Name")).isFalse();
    }

    @Test
    void starMatchesLineBreaksInNames() {
        assertThat(include("public.*").selects("public", "line\nbreak")).isTrue();
        assertThat(include("public.line?break").selects("public", "line\nbreak")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "public", ".orders", "public.", "*", ""})
    void globWithoutSchemaAndTableIsRefused(String glob) {
        assertThatThrownBy(() -> selector(List.of(glob), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(INCLUDE + ": '" + glob + "' is not a schema.table glob (use * and ?, e.g. public.order*)")
                .extracting(e -> ((ConfigException) e).property()).isEqualTo(INCLUDE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"public.order[12]", "public.order]", "public.{a,b}", "public.a}"})
    void bracketsAndBracesAreRefused(String glob) {
        assertThatThrownBy(() -> selector(List.of(), List.of("public.ok", glob)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(EXCLUDE + ": '" + glob + "' uses '")
                .hasMessageEndingWith("', which globs here do not support (only * and ?)")
                .extracting(e -> ((ConfigException) e).property()).isEqualTo(EXCLUDE);
    }

    @Test
    void refusedGlobNamesTheOffendingCharacter() {
        assertThatThrownBy(() -> include("public.order[12]"))
                .hasMessage(INCLUDE + ": 'public.order[12]' uses '[', which globs here do not support (only * and ?)");
        assertThatThrownBy(() -> include("public.{a,b}"))
                .hasMessage(INCLUDE + ": 'public.{a,b}' uses '{', which globs here do not support (only * and ?)");
    }
}
