package io.tidemark.partner;

import io.tidemark.partner.sdk.Record;
import io.tidemark.partner.sdk.RecordType;
import io.tidemark.partner.sdk.UpdateResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One {@code Update} stream applied to a {@link DestinationModel}, with what the stream's shape was. */
final class Applied {
    private final DestinationModel model;
    private final Set<String> seen = new HashSet<>();
    private final List<String> truncatedFirst = new ArrayList<>();
    private final Map<String, Integer> upserts = new HashMap<>();
    private int largestRecordsMessage;
    private int recordsSinceCheckpoint;
    private String lastState;

    Applied(DestinationModel model) {
        this.model = model;
    }

    void accept(UpdateResponse response) {
        model.apply(response);
        if (response.hasRecords()) {
            largestRecordsMessage = Math.max(largestRecordsMessage, response.getRecords().getRecordsCount());
            response.getRecords().getRecordsList().forEach(this::count);
        } else if (response.hasRecord()) {
            count(response.getRecord());
        } else if (response.hasCheckpoint()) {
            lastState = response.getCheckpoint().getStateJson();
            recordsSinceCheckpoint = 0;
        }
    }

    private void count(Record record) {
        String table = record.getSchemaName() + "." + record.getTableName();
        if (seen.add(table) && record.getType() == RecordType.TRUNCATE) {
            truncatedFirst.add(table);
        }
        if (record.getType() == RecordType.UPSERT) {
            upserts.merge(table, 1, Integer::sum);
            recordsSinceCheckpoint++;
        }
    }

    /** The tables whose first record was a TRUNCATE. */
    List<String> truncatedFirst() {
        return truncatedFirst;
    }

    int upserts() {
        return upserts.values().stream().mapToInt(Integer::intValue).sum();
    }

    int upsertsOf(String table) {
        return upserts.getOrDefault(table, 0);
    }

    int largestRecordsMessage() {
        return largestRecordsMessage;
    }

    /** Upserts sent after the stream's last checkpoint: none when every page was followed by one. */
    int pagesWithoutCheckpoint() {
        return recordsSinceCheckpoint;
    }

    String lastState() {
        return lastState;
    }
}
