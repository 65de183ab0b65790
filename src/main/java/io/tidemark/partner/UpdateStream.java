package io.tidemark.partner;

import com.google.protobuf.CodedOutputStream;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.tidemark.partner.sdk.Checkpoint;
import io.tidemark.partner.sdk.Record;
import io.tidemark.partner.sdk.Records;
import io.tidemark.partner.sdk.UpdateResponse;
import io.tidemark.partner.sdk.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The response stream of one {@code Update}, shared by the tables read at once: every message goes out whole and in
 * order (one lock), only when the client can take it (gRPC flow control: a slow client holds the readers back
 * instead of filling memory), and not at all once the client cancelled. Records go in {@code records} messages of
 * at most {@value #MAX_RECORDS} records and about {@value #MAX_BYTES} bytes (Fivetran's limits); a record larger
 * than that goes alone as {@code record}.
 */
final class UpdateStream {
    static final int MAX_RECORDS = 100;
    static final int MAX_BYTES = 100 * 1024;
    /** gRPC's message limit on Fivetran's side is 128 MB; a record this large cannot be sent at all. */
    static final int MAX_MESSAGE_BYTES = 128 * 1024 * 1024 - 1024;

    private final ServerCallStreamObserver<UpdateResponse> responses;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private volatile boolean cancelled;
    private boolean ended;

    /** Must be called while the call is being set up (in the service method), for the handlers to take effect. */
    UpdateStream(ServerCallStreamObserver<UpdateResponse> responses) {
        this.responses = responses;
        responses.setOnReadyHandler(this::signal);
        responses.setOnCancelHandler(() -> {
            cancelled = true;
            signal();
        });
    }

    private void signal() {
        lock.lock();
        try {
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The client cancelled the call (or it ended): readers stop at their next page. */
    boolean cancelled() {
        return cancelled;
    }

    /**
     * Sends a page of one table's records, then {@code checkpoint}'s state, together: no other table's messages
     * come between them, and the checkpoint goes only after every record of the page was handed to gRPC.
     */
    void page(List<Record> records, CheckpointAfter checkpoint) throws InterruptedException {
        lock.lock();
        try {
            List<Record> batch = new ArrayList<>(MAX_RECORDS);
            int batchBytes = 0;
            for (Record record : records) {
                int size = CodedOutputStream.computeMessageSizeNoTag(record) + 2;
                if (size > MAX_BYTES) {
                    flush(batch);
                    batchBytes = 0;
                    if (size > MAX_MESSAGE_BYTES) {
                        throw Status.RESOURCE_EXHAUSTED.withDescription(record.getSchemaName() + "." + record.getTableName()
                                + ": a row of " + size + " bytes exceeds gRPC's 128 MB message limit").asRuntimeException();
                    }
                    send(UpdateResponse.newBuilder().setRecord(record).build());
                    continue;
                }
                if (batch.size() == MAX_RECORDS || batchBytes + size > MAX_BYTES) {
                    flush(batch);
                    batchBytes = 0;
                }
                batch.add(record);
                batchBytes += size;
            }
            flush(batch);
            send(UpdateResponse.newBuilder().setCheckpoint(Checkpoint.newBuilder().setStateJson(checkpoint.stateJson())).build());
        } finally {
            lock.unlock();
        }
    }

    /** What a page's checkpoint carries, asked for once its records are sent. */
    @FunctionalInterface
    interface CheckpointAfter {
        String stateJson();
    }

    /** One record on its own (a table's {@code TRUNCATE}). */
    void record(Record record) throws InterruptedException {
        lock.lock();
        try {
            send(UpdateResponse.newBuilder().setRecord(record).build());
        } finally {
            lock.unlock();
        }
    }

    void warning(String message) throws InterruptedException {
        lock.lock();
        try {
            send(UpdateResponse.newBuilder().setWarning(Warning.newBuilder().setMessage(message)).build());
        } finally {
            lock.unlock();
        }
    }

    private void flush(List<Record> batch) throws InterruptedException {
        if (!batch.isEmpty()) {
            send(UpdateResponse.newBuilder().setRecords(Records.newBuilder().addAllRecords(batch)).build());
            batch.clear();
        }
    }

    /** Waits (holding the stream's lock, which is released while waiting) until the client can take a message. */
    private void send(UpdateResponse response) throws InterruptedException {
        while (!responses.isReady()) {
            if (cancelled) {
                throw Status.CANCELLED.withDescription("the client cancelled the Update").asRuntimeException();
            }
            ready.await(1, TimeUnit.SECONDS);
        }
        if (cancelled) {
            throw Status.CANCELLED.withDescription("the client cancelled the Update").asRuntimeException();
        }
        responses.onNext(response);
    }

    /** Ends the stream successfully (once; nothing after a cancel). */
    void complete() {
        lock.lock();
        try {
            if (!ended && !cancelled) {
                ended = true;
                responses.onCompleted();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream with {@code status} (once; nothing after a cancel). */
    void fail(StatusRuntimeException status) {
        lock.lock();
        try {
            if (!ended && !cancelled) {
                ended = true;
                responses.onError(status);
            }
        } finally {
            lock.unlock();
        }
    }
}
