package thalamus.status;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thalamus.http.ApiError;
import thalamus.http.ErrorHandling;
import thalamus.status.StatusVariantStore.Key;
import thalamus.status.StatusVariantStore.Upsert;
import thalamus.status.StatusVariantStore.Written;

/**
 * Single upserts that arrive together share one statement and one commit. A few writer threads
 * each hold a connection and take everything queued (up to {@link #MAX_BATCH}) into one
 * multi-row upsert; a request is answered only after the transaction holding its write has
 * committed, so a 2xx still means the write is durable. Under light load a writer takes each
 * request alone and nothing waits; under heavy load batches grow and the database does far less
 * work per variant (one statement, one WAL flush for many).
 *
 * <p>Writes to one variant keep their order of arrival: a request waits while an earlier one for
 * the same (partner, id) is queued or being written. A batch that fails for any reason other than
 * a lost database is written again one request at a time, so one bad write cannot fail others.
 */
final class UpsertQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpsertQueue.class);
    static final int MAX_BATCH = 256;

    private record Pending(Upsert upsert, CompletableFuture<Written> result) {
    }

    private final DataSource dataSource;
    private final long timeoutMs;
    private final IntConsumer batchSizes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Set<Key> writing = new HashSet<>();
    private final List<Thread> writers = new ArrayList<>();
    private boolean closed;

    /**
     * @param writers   how many batches may be in flight at once, each on its own connection
     * @param timeoutMs how long a request waits for a writer to take it before answering 503
     * @param batchSizes told the size of every batch written
     */
    UpsertQueue(DataSource dataSource, int writers, long timeoutMs, IntConsumer batchSizes) {
        this.dataSource = dataSource;
        this.timeoutMs = timeoutMs;
        this.batchSizes = batchSizes;
        for (int i = 0; i < writers; i++) {
            this.writers.add(Thread.ofPlatform().daemon().name("upsert-writer-" + i).start(this::write));
        }
    }

    Written upsert(Upsert upsert) throws SQLException {
        var pending = new Pending(upsert, new CompletableFuture<>());
        lock.lock();
        try {
            if (closed) {
                throw new ApiError.DatabaseUnavailable();
            }
            queue.addLast(pending);
            changed.signal();
        } finally {
            lock.unlock();
        }
        try {
            try {
                return pending.result().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (withdraw(pending)) {
                    throw new ApiError.DatabaseUnavailable(); // never written: the client may simply retry
                }
                // Taken by a writer: its statement is bounded by the connection's socket timeout.
                return pending.result().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError.DatabaseUnavailable();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Requests waiting for a writer. */
    int backlog() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean withdraw(Pending pending) {
        lock.lock();
        try {
            return queue.remove(pending);
        } finally {
            lock.unlock();
        }
    }

    /** A writer: holds a connection first, so a queued request waits only for a writer that can write it. */
    private void write() {
        while (awaitWork()) {
            try (var connection = dataSource.getConnection()) {
                var batch = take();
                if (!batch.isEmpty()) {
                    try {
                        batchSizes.accept(batch.size());
                        apply(connection, batch);
                    } catch (Error e) {
                        // No request may wait forever on a writer that is gone.
                        batch.forEach(pending -> pending.result().completeExceptionally(e));
                        throw e;
                    } finally {
                        release(batch);
                    }
                }
            } catch (SQLException e) {
                // No connection within the pool's timeout: the queued requests time out on their own.
                log.debug("Upsert writer has no connection: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.error("Upsert writer failed", e);
            }
        }
    }

    private void apply(Connection connection, List<Pending> batch) {
        try {
            complete(batch, StatusVariantStore.upsertAll(connection, batch.stream().map(Pending::upsert).toList()));
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1 || (e instanceof SQLException sql && ErrorHandling.isUnavailable(sql))) {
                batch.forEach(pending -> pending.result().completeExceptionally(e));
                return;
            }
            log.warn("A batch of {} upserts failed ({}); writing them one at a time", batch.size(), e.toString());
            for (var pending : batch) {
                apply(connection, List.of(pending));
            }
        }
    }

    private static void complete(List<Pending> batch, List<Written> results) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    private boolean awaitWork() {
        lock.lock();
        try {
            while (!closed && !hasWritable()) {
                changed.awaitUninterruptibly();
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Everything queued that no earlier request for the same variant holds back, in arrival order. */
    private List<Pending> take() {
        lock.lock();
        try {
            var batch = new ArrayList<Pending>();
            for (var iterator = queue.iterator(); iterator.hasNext() && batch.size() < MAX_BATCH; ) {
                var pending = iterator.next();
                if (writing.add(pending.upsert().key())) {
                    iterator.remove();
                    batch.add(pending);
                }
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void release(List<Pending> batch) {
        lock.lock();
        try {
            batch.forEach(pending -> writing.remove(pending.upsert().key()));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean hasWritable() {
        for (var pending : queue) {
            if (!writing.contains(pending.upsert().key())) {
                return true;
            }
        }
        return false;
    }

    /** After the HTTP server has stopped: nothing is waiting any more; the writers finish and end. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.forEach(pending -> pending.result().completeExceptionally(new ApiError.DatabaseUnavailable()));
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (var writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
