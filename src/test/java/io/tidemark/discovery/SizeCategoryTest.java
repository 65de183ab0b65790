package io.tidemark.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizeCategoryTest {
    private static final long SMALL_BOUND = 1_000_000;
    private static final long LARGE_BOUND = 50_000_000;

    @ParameterizedTest
    @CsvSource({
            "0, SMALL",
            "1, SMALL",
            "999999, SMALL",
            "1000000, MEDIUM",
            "1000001, MEDIUM",
            "49999999, MEDIUM",
            "50000000, LARGE",
            "50000001, LARGE",
            "9223372036854775807, LARGE"
    })
    void defaultBounds(long rows, SizeCategory expected) {
        assertThat(SizeCategory.of(rows, SMALL_BOUND, LARGE_BOUND)).isEqualTo(expected);
    }

    @Test
    void customBounds() {
        assertThat(SizeCategory.of(9, 10, 100)).isEqualTo(SizeCategory.SMALL);
        assertThat(SizeCategory.of(10, 10, 100)).isEqualTo(SizeCategory.MEDIUM);
        assertThat(SizeCategory.of(99, 10, 100)).isEqualTo(SizeCategory.MEDIUM);
        assertThat(SizeCategory.of(100, 10, 100)).isEqualTo(SizeCategory.LARGE);
        // equal bounds: no medium at all
        assertThat(SizeCategory.of(9, 10, 10)).isEqualTo(SizeCategory.SMALL);
        assertThat(SizeCategory.of(10, 10, 10)).isEqualTo(SizeCategory.LARGE);
        // zero bounds: everything is large
        assertThat(SizeCategory.of(0, 0, 0)).isEqualTo(SizeCategory.LARGE);
    }

    @Test
    void baseParameters() {
        assertThat(SizeCategory.values())
                .extracting(SizeCategory::baseBatchSize, SizeCategory::baseThreads, SizeCategory::baseQueueSize)
                .containsExactly(
                        tuple(5000, 4, 10000),
                        tuple(2500, 2, 5000),
                        tuple(1000, 1, 1000));
    }

    @Test
    void labelsAndProcessingOrder() {
        assertThat(SizeCategory.values()).containsExactly(SizeCategory.SMALL, SizeCategory.MEDIUM, SizeCategory.LARGE);
        assertThat(SizeCategory.values()).extracting(SizeCategory::label).containsExactly("small", "medium", "large");
    }
}
