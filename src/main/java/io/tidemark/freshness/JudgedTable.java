package io.tidemark.freshness;

import io.tidemark.config.MaxAgeTables.MaxAge;
import io.tidemark.rows.RawJson;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * A table the max-age rule has judged.
 *
 * @param latest     its newest value as text, null when it has none
 * @param ageSeconds how old that value is on the database's clock, null when it has none or it is infinite
 * @param hasRows    whether the table has rows at all (a table whose column is null everywhere has)
 */
record JudgedTable(MaxAgeTarget target, String latest, Long ageSeconds, boolean hasRows, MaxAgeStatus status) {

    String name() {
        return target.table().qualifiedName();
    }

    /** Its {@code _tidemark.data_freshness_monitor} row, in the order of {@link MaxAgeRule#COLUMNS}. */
    Object[] row() {
        MaxAge limits = target.limits();
        return new Object[] {name(), target.column().name(), latest, ageSeconds,
            limits.warnAfter() == null ? null : seconds(limits.warnAfter()), seconds(limits.errorAfter()), status.label()};
    }

    /** Whole seconds as a number; a limit with a fraction of a second keeps it. */
    private static Object seconds(Duration duration) {
        if (duration.getNano() == 0) {
            return duration.getSeconds();
        }
        return new RawJson(BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros().toPlainString());
    }
}
