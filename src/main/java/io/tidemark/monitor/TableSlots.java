package io.tidemark.monitor;

import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import java.util.EnumMap;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many tables of each size category are read at once: the category's base, lowered under CPU pressure
 * (see the README's "Resource policy"). A table waits for a slot of its category before it starts and gives it
 * back when its exchange completes, however it ends.
 */
public final class TableSlots {
    private static final Logger LOG = LoggerFactory.getLogger(TableSlots.class);

    private final PressureLevels levels;
    private final AdaptivePolicy policy;
    private final Map<SizeCategory, CategorySlots> slots = new EnumMap<>(SizeCategory.class);

    public TableSlots(PressureLevels levels, AdaptivePolicy policy) {
        this.levels = levels;
        this.policy = policy;
        for (SizeCategory category : SizeCategory.values()) {
            slots.put(category, new CategorySlots(policy.threads(category, PressureLevel.NONE)));
        }
        levels.onCpuChange(this::applyCpuLevel);
    }

    private void applyCpuLevel(PressureLevel cpu, ResourceSample sample) {
        for (SizeCategory category : SizeCategory.values()) {
            CategorySlots categorySlots = slots.get(category);
            int limit = policy.threads(category, cpu);
            if (limit != categorySlots.limit()) {
                LOG.info("{} tables at once {} → {}: cpu {}%", category.label(), categorySlots.limit(), limit,
                        PressureLevels.number(sample.cpuPercent()));
                categorySlots.limit(limit);
            }
        }
    }

    /** Tables of the category that may be read at once now. */
    public int threads(SizeCategory category) {
        return slots.get(category).limit();
    }

    /**
     * Step of the category sub-routes: waits for a slot of the table's category ({@link #acquire}) and gives it
     * back when the exchange completes. The exchange is needed only to register that completion.
     */
    public void acquireTableSlot(@Body SourceTable table, Exchange exchange) throws InterruptedException {
        Slot slot = acquire(table, exchange.getContext());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                slot.release();
            }
        });
    }

    /**
     * Waits, observing the machine meanwhile, until a table of its category may start.
     *
     * @throws TidemarkStoppingException when Tidemark stops while the table waits
     */
    public Slot acquire(SourceTable table, CamelContext camel) throws InterruptedException {
        CategorySlots categorySlots = slots.get(table.category());
        CategorySlots.Ticket ticket = categorySlots.join();
        try {
            while (!categorySlots.take(ticket, levels.waitMillis())) {
                if (CamelStopping.underway(camel)) {
                    categorySlots.leave(ticket);
                    throw new TidemarkStoppingException(table + " was not started: Tidemark is stopping");
                }
                levels.observe(); // the machine may have recovered while nothing of this category ran
            }
        } catch (InterruptedException e) {
            categorySlots.leave(ticket);
            throw e;
        }
        return new Slot(categorySlots);
    }

    /** A slot taken by one table, to be released once. */
    public static final class Slot {
        private final CategorySlots categorySlots;

        private Slot(CategorySlots categorySlots) {
            this.categorySlots = categorySlots;
        }

        public void release() {
            categorySlots.release();
        }
    }
}
