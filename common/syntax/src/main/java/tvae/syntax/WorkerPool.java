package tvae.syntax;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of worker slots lent to one thread at a time. A slot whose worker failed or died (on its own or
 * killed from outside) gets a fresh worker when it is next borrowed, and every such restart is logged.
 */
final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    @FunctionalInterface
    interface WorkerTask<T> {
        T run(PythonWorker worker) throws WorkerFailure;
    }

    private final String python;
    private final Duration startTimeout;
    private final List<Slot> slots = new ArrayList<>();
    private final BlockingQueue<Slot> idle = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService watchdogs;
    private final AtomicInteger restarts = new AtomicInteger();
    private final String interpreter;
    private volatile boolean closed;

    /** Starts every worker now, so a missing or broken interpreter shows at once. */
    WorkerPool(String python, int size, Duration startTimeout) throws WorkerFailure {
        this.python = python;
        this.startTimeout = startTimeout;
        this.watchdogs = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "syntax-worker-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int i = 0; i < size; i++) {
                Slot slot = new Slot(i, PythonWorker.start(python, startTimeout, watchdogs));
                slots.add(slot);
                idle.add(slot);
            }
        } catch (WorkerFailure e) {
            close();
            throw e;
        }
        interpreter = slots.get(0).worker.interpreter();
    }

    /** Runs {@code task} on a live worker; a worker that fails the task is killed and replaced before its next use. */
    <T> T use(WorkerTask<T> task) throws WorkerFailure {
        Slot slot = borrow();
        try {
            PythonWorker worker = slot.live();
            try {
                return task.run(worker);
            } catch (WorkerFailure failure) {
                worker.close();
                slot.lastFailure = failure.getMessage();
                throw failure;
            }
        } finally {
            idle.add(slot);
        }
    }

    /** The interpreter every worker runs, e.g. {@code cpython 3.11.7}. */
    String interpreter() {
        return interpreter;
    }

    int restarts() {
        return restarts.get();
    }

    /** The process ids of the current workers (for operators, and for tests that kill one). */
    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        synchronized (slots) {
            for (Slot slot : slots) {
                pids.add(slot.worker.pid());
            }
        }
        return pids;
    }

    @Override
    public void close() {
        synchronized (slots) {
            closed = true;
            slots.forEach(slot -> slot.worker.close());
        }
        watchdogs.shutdownNow();
    }

    private Slot borrow() throws WorkerFailure {
        if (closed) {
            throw new IllegalStateException("the syntax checker is closed");
        }
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerFailure("interrupted while waiting for a syntax worker", e);
        }
    }

    private final class Slot {
        private final int index;
        private PythonWorker worker;
        private String lastFailure;

        private Slot(int index, PythonWorker worker) {
            this.index = index;
            this.worker = worker;
        }

        /** The slot's worker, restarted first when it is dead. */
        private PythonWorker live() throws WorkerFailure {
            if (closed) {
                throw new IllegalStateException("the syntax checker is closed");
            }
            if (worker.isAlive()) {
                return worker;
            }
            String why = lastFailure != null ? lastFailure : "exited on its own, " + worker.exitDescription();
            long oldPid = worker.pid();
            PythonWorker fresh = PythonWorker.start(python, startTimeout, watchdogs);
            synchronized (slots) {
                if (closed) { // close() ran while this one started: it must not outlive the pool
                    fresh.close();
                    throw new IllegalStateException("the syntax checker is closed");
                }
                worker = fresh;
            }
            lastFailure = null;
            restarts.incrementAndGet();
            LOG.warn("syntax worker {} restarted: pid {} failed ({}); now pid {}", index, oldPid, why, fresh.pid());
            return fresh;
        }
    }
}
