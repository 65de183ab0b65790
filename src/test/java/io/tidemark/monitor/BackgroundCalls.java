package io.tidemark.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Blocking calls run on daemon threads of their own, so a test can watch them wait, and interrupt them after;
 * they watch {@link #context} (started here, stopped on close) to know whether Tidemark is stopping.
 */
final class BackgroundCalls implements AutoCloseable {
    static final Duration BLOCKED_FOR = Duration.ofMillis(300);

    final DefaultCamelContext context = new DefaultCamelContext();
    private final List<Thread> started = new ArrayList<>();

    BackgroundCalls() {
        context.start();
    }

    <T> Future<T> start(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        started.add(thread);
        thread.start();
        return task;
    }

    static void assertStillBlocked(Future<?> future) throws InterruptedException {
        Thread.sleep(BLOCKED_FOR.toMillis());
        assertThat(future).as("still waiting after %s", BLOCKED_FOR).isNotDone();
    }

    static <T> T doneSoon(Future<T> future) throws Exception {
        await().atMost(Duration.ofSeconds(2)).until(future::isDone);
        return future.get();
    }

    /** The call's failure, null when it returned, within {@code timeout}. */
    static Throwable failureWithin(Future<?> future, Duration timeout) throws Exception {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("still waiting " + timeout + " after the context was stopped (status "
                    + "isStopping/isStopped: see the test's comment)", e);
        }
        return null;
    }

    @Override
    public void close() {
        started.forEach(Thread::interrupt);
        context.stop();
    }
}
