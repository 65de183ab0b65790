package io.tidemark.cluster;

import io.tidemark.discovery.SourceTable;
import io.tidemark.run.Preprocessing;
import io.tidemark.run.TableAssignment;
import io.tidemark.run.TableRun;
import io.tidemark.state.CheckpointFence;
import io.tidemark.state.FencedOutException;
import java.util.Optional;
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

    @Override
    public void finished(TableRun outcome) {
        onFinished.accept(this, outcome);
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
                String reason = "its claim was taken over by another node";
                revoke(reason);
                throw new FencedOutException(table.qualifiedName() + ": checkpoint refused, " + reason);
            }
        };
    }

    @Override
    public String toString() {
        return table.qualifiedName() + " (cycle " + claim.runId() + ", attempt " + claim.attempt() + ")";
    }
}
