package io.tidemark.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The widest-row estimate: every row of a small batch, a sample with the first and last row of a large one. */
class RowSizesTest {

    @Test
    void aSmallBatchHasEveryRowEstimated() {
        List<Object[]> rows = narrowRows(RowSizes.SAMPLE);
        rows.set(77, wideRow());

        assertThat(RowSizes.widest(rows)).isEqualTo(RowSizes.estimate(wideRow()));
    }

    @Test
    void aLargeBatchIsSampledWithItsFirstAndLastRow() {
        List<Object[]> rows = narrowRows(10_000);
        rows.set(rows.size() - 1, wideRow());
        assertThat(RowSizes.widest(rows)).isEqualTo(RowSizes.estimate(wideRow()));

        rows.set(rows.size() - 1, new Object[] {1L, "narrow"});
        rows.set(0, wideRow());
        assertThat(RowSizes.widest(rows)).isEqualTo(RowSizes.estimate(wideRow()));
    }

    @Test
    void noRowsAreNoBytes() {
        assertThat(RowSizes.widest(List.of())).isZero();
    }

    private static List<Object[]> narrowRows(int count) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {(long) i, "narrow"});
        }
        return rows;
    }

    private static Object[] wideRow() {
        return new Object[] {0L, "x".repeat(100_000)};
    }
}
