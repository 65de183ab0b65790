package io.tidemark.monitor;

import static io.tidemark.monitor.BackgroundCalls.assertStillBlocked;
import static io.tidemark.monitor.BackgroundCalls.failureWithin;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link DiskSpaceWait} over a {@link ScriptedMachine}: disk critical 95 %, margin 5. */
class DiskSpaceWaitTest {
    private final ScriptedMachine machine = new ScriptedMachine();
    private final DiskSpaceWait diskSpace = new DiskSpaceWait(machine.levels);
    private final BackgroundCalls calls = new BackgroundCalls();

    @AfterEach
    void stopEverything() {
        calls.close();
    }

    @Test
    void goesOnAtOnceWhileThereIsSpace() throws Exception {
        machine.observe(10, 10, 10, 95);
        assertThat(diskSpace.awaitSpace(calls.context)).isFalse();
    }

    @Test
    void waitsUntilTheDiskIsBelowTheMargin() throws Exception {
        machine.observe(10, 10, 10, 96);
        Future<Boolean> waiting = calls.start("disk-waiter", () -> diskSpace.awaitSpace(calls.context));
        assertStillBlocked(waiting);
        machine.set(10, 10, 10, 92);
        assertStillBlocked(waiting);
        machine.set(10, 10, 10, 89);
        assertThat(waiting.get(2, TimeUnit.SECONDS)).as("the batch was delayed").isTrue();
        assertThat(machine.levels.diskFull()).isFalse();
    }

    /** The wait on a full disk must end once the context has stopped. */
    @Test
    void endsOnceTheContextHasStopped() throws Exception {
        machine.observe(10, 10, 10, 96);
        calls.context.stop();

        Future<Boolean> waiting = calls.start("disk-waiter", () -> diskSpace.awaitSpace(calls.context));

        assertThat(failureWithin(waiting, Duration.ofSeconds(2))).isNull();
        assertThat(machine.levels.diskFull()).isTrue();
    }
}
