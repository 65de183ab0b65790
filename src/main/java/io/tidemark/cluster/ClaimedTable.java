package io.tidemark.cluster;

import io.tidemark.discovery.SourceTable;
import io.tidemark.run.Preprocessing;
import io.tidemark.run.TableAssignment;
import io.tidemark.run.TableRun;
import io.tidemark.state.CheckpointFence;
import io.tidemark.state.FencedOutException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * A table this node claimed: the assignment its category sub-route reports to. Its outcome goes to the claim table;
 * once the claim was taken over by another node, it is revoked and the table stops after its current batch.
 */
public final class ClaimedTable implements TableAssignment {
    private final TableClaims.Claim claim;
    private final SourceTable table;
    private final Preprocessing.Outcome preprocessing;
    private final BiConsumer<ClaimedTable, TableRun> onFinished;
    private final TableClaims claims;
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile String revokedBecause;

    ClaimedTable(TableClaims.ClaimedRow row, TableClaims claims, BiConsumer<ClaimedTable, TableRun> onFinished) {
        this.claims = claims;
        this.claim = row.claim();
        this.table = row.table();
        this.preprocessing = row.preprocessing();
        this.onFinished = onFinished;
    }

    public TableClaims.Claim claim() {
        return claim;
    }

    public SourceTable table() {
        return table;
    }

    /** What preprocessing did to the table on the node that fired the cycle; null when it was not preprocessed. */
    public Preprocessing.Outcome preprocessing() {
        return preprocessing;
    }

    void revoke(String reason) {
        revokedBecause = reason;
    }

    @Override
    public void started() {
        // the claim row already says which node runs the table
    }

    /** Reports the outcome once: a second report (a hand-off failure after the table's own) is ignored. */
    @Override
    public void finished(TableRun outcome) {
        if (reported.compareAndSet(false, true)) {
            onFinished.accept(this, outcome);
        }
    }

    @Override
    public Optional<String> revoked() {
        return Optional.ofNullable(revokedBecause);
    }

    /**
     * The claim, checked (and renewed) in each checkpoint's transaction: the row lock it takes also keeps another
     * node from taking the claim over until that checkpoint committed. Once the claim is gone, the checkpoint (and,
     * in the jdbc sink's transaction, its batch) is rolled back and the table stops.
     */
    @Override
    public CheckpointFence fence() {
        return connection -> {
            if (!claims.holds(connection, claim)) {
                throw fencedOut("checkpoint refused");
            }
        };
    }

    /** The claim, checked (and renewed) before a batch that no checkpoint transaction covers is written. */
    @Override
    public void beforeWrite() throws IOException {
        try {
            if (!claims.holds(claim)) {
                throw fencedOut("batch not written");
            }
        } catch (SQLException e) {
            throw new IOException("Checking the claim of " + table.qualifiedName() + " failed: " + e.getMessage(), e);
        }
    }

    private FencedOutException fencedOut(String what) {
        String reason = "its claim was taken over by another node";
        revoke(reason);
        return new FencedOutException(table.qualifiedName() + ": " + what + ", " + reason);
    }

    @Override
    public String toString() {
        return table.qualifiedName() + " (cycle " + claim.runId() + ", attempt " + claim.attempt() + ")";
    }
}
