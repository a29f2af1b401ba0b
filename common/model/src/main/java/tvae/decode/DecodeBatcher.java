package tvae.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tvae.events.DecodingOptions;
import tvae.events.DecodingStrategy;
import tvae.syntax.SyntaxFilter;

/**
 * The one thread that runs models on the device. Requests that queue up while it is busy are decoded together: their
 * latent points go into one batch, so N concurrent interpolations cost little more than one (a decode step is a
 * matrix product whose cost barely grows with the batch on a CPU or GPU, while N separate decodes pay it N times and
 * fight over the same cores). Only greedy requests of the same model and options share a batch: a sampled sequence
 * must not depend on who else was in the batch.
 *
 * <p>Work comes in two lanes: a batch starts with the oldest {@link Lane#INTERACTIVE} job when there is one, and fills
 * up with interactive jobs before background ones, so someone waiting on an answer waits for the batch on the device
 * now, not for a queue of bulk work. A job whose future was cancelled while it waited is dropped unrun.
 */
public final class DecodeBatcher implements AutoCloseable {
    /** Who waits on a job: a person (served first) or a bulk producer (the rest of the device's time). */
    public enum Lane { INTERACTIVE, BACKGROUND }

    private final BlockingDeque<Job<?>> interactive = new LinkedBlockingDeque<>();
    private final BlockingDeque<Job<?>> background = new LinkedBlockingDeque<>();
    /** One permit per job enqueued; jobs gathered into a batch leave theirs behind, so a permit may find the lanes empty. */
    private final Semaphore queued = new Semaphore(0);
    private final AtomicLong answeredInteractive = new AtomicLong();
    private final AtomicLong answeredBackground = new AtomicLong();
    private final AtomicLong backgroundWhileLastInteractiveWaited = new AtomicLong();
    private final int maxRows;
    private final boolean batching;
    private final SyntaxFilter judge;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param maxRows  the most latent points decoded in one batch
     * @param batching false decodes every request alone (still one at a time on the device thread)
     */
    public DecodeBatcher(int maxRows, boolean batching) {
        this(maxRows, batching, null);
    }

    /** @param judge what guided decoding asks to prune its beam and pick among its candidates (CPython); null: the constraint alone */
    public DecodeBatcher(int maxRows, boolean batching, SyntaxFilter judge) {
        this.judge = judge;
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be > 0, was " + maxRows);
        }
        this.maxRows = maxRows;
        this.batching = batching;
        this.thread = new Thread(this::serve, "device-decoder");
        thread.setDaemon(true);
        thread.start();
    }

    /** Encodes both ends, mixes every latent token at each ratio and decodes all ratios (with whoever else is waiting). */
    public CompletableFuture<List<String>> interpolate(VaeModel model, String a, String b, double[] ratios, DecodingOptions options) {
        return interpolate(Lane.BACKGROUND, model, a, b, ratios, options);
    }

    /** {@link #interpolate(VaeModel, String, String, double[], DecodingOptions)} in the given lane. */
    public CompletableFuture<List<String>> interpolate(Lane lane, VaeModel model, String a, String b, double[] ratios,
                                                      DecodingOptions options) {
        DecodingOptions o = options == null ? DecodingOptions.greedy() : options;
        return submit(new DecodeJob(lane, model, o, () -> model.interpolationPoints(a, b, ratios, o.mixing())));
    }

    /** Decodes the given latent points (B, L, d_latent). */
    public CompletableFuture<List<String>> decode(VaeModel model, float[][][] latents, DecodingOptions options) {
        return decode(Lane.BACKGROUND, model, latents, options);
    }

    /** {@link #decode(VaeModel, float[][][], DecodingOptions)} in the given lane. */
    public CompletableFuture<List<String>> decode(Lane lane, VaeModel model, float[][][] latents, DecodingOptions options) {
        return submit(new DecodeJob(lane, model, options == null ? DecodingOptions.greedy() : options, () -> latents));
    }

    /** Any other work on the device thread (encoding), in queue order. */
    public <T> CompletableFuture<T> call(Supplier<T> work) {
        return call(Lane.BACKGROUND, work);
    }

    /** {@link #call(Supplier)} in the given lane. */
    public <T> CompletableFuture<T> call(Lane lane, Supplier<T> work) {
        Task<T> task = new Task<>(lane, work);
        enqueue(task);
        return task.result;
    }

    /** Jobs of the lane answered so far (decoded, failed or dropped because cancelled). */
    public long answered(Lane lane) {
        return (lane == Lane.INTERACTIVE ? answeredInteractive : answeredBackground).get();
    }

    /**
     * Background jobs answered between the last answered interactive job's arrival and its own answer: how long, in
     * bulk work, someone waited (at most the background jobs in the batch that was on the device when it came).
     */
    public long backgroundAnsweredWhileLastInteractiveWaited() {
        return backgroundWhileLastInteractiveWaited.get();
    }

    private CompletableFuture<List<String>> submit(DecodeJob job) {
        enqueue(job);
        return job.result;
    }

    private void enqueue(Job<?> job) {
        if (closed) {
            throw new IllegalStateException("the decoder is closed");
        }
        job.arrival = answeredBackground.get();
        laneOf(job).add(job);
        queued.release();
    }

    private BlockingDeque<Job<?>> laneOf(Job<?> job) {
        return job.lane == Lane.INTERACTIVE ? interactive : background;
    }

    private void serve() {
        while (!closed) {
            Job<?> first;
            try {
                first = next();
            } catch (InterruptedException e) {
                return;
            }
            if (first instanceof Task<?> task) {
                task.run(this::answered);
            } else {
                decodeTogether(gather((DecodeJob) first));
            }
        }
    }

    /** The oldest interactive job, else the oldest background job; waits while both lanes are empty. */
    private Job<?> next() throws InterruptedException {
        while (true) {
            queued.acquire();
            Job<?> job = interactive.poll();
            if (job == null) {
                job = background.poll();
            }
            if (job != null) {
                return job;
            }
        }
    }

    /** The first job and every queued job that can share its batch, interactive ones first; the others keep their places. */
    private List<DecodeJob> gather(DecodeJob first) {
        List<DecodeJob> group = new ArrayList<>();
        if (!first.prepare()) {
            answered(first);
            return group;
        }
        group.add(first);
        if (!batching || first.options.strategy() != DecodingStrategy.GREEDY) {
            return group;
        }
        int rows = first.latents.length;
        for (BlockingDeque<Job<?>> lane : List.of(interactive, background)) {
            rows = gatherFrom(lane, first, group, rows);
        }
        return group;
    }

    private int gatherFrom(BlockingDeque<Job<?>> lane, DecodeJob first, List<DecodeJob> group, int rows) {
        List<Job<?>> passedOver = new ArrayList<>();
        Job<?> next;
        while (rows < maxRows && (next = lane.poll()) != null) {
            if (next instanceof DecodeJob job && job.model == first.model && job.options.equals(first.options)) {
                if (!job.prepare()) {
                    answered(job);
                    continue;
                }
                if (rows + job.latents.length <= maxRows) {
                    group.add(job);
                    rows += job.latents.length;
                    continue;
                }
            }
            passedOver.add(next);
        }
        for (int i = passedOver.size() - 1; i >= 0; i--) {
            lane.addFirst(passedOver.get(i));
        }
        return rows;
    }

    /** Counts the job as answered (on the device thread, in the order answers are given). */
    private void answered(Job<?> job) {
        if (job.lane == Lane.BACKGROUND) {
            answeredBackground.incrementAndGet();
            return;
        }
        answeredInteractive.incrementAndGet();
        backgroundWhileLastInteractiveWaited.set(answeredBackground.get() - job.arrival);
    }

    private void decodeTogether(List<DecodeJob> group) {
        if (group.isEmpty()) {
            return;
        }
        int rows = group.stream().mapToInt(job -> job.latents.length).sum();
        float[][][] all = new float[rows][][];
        int at = 0;
        for (DecodeJob job : group) {
            System.arraycopy(job.latents, 0, all, at, job.latents.length);
            at += job.latents.length;
        }
        List<String> decoded;
        try {
            decoded = group.get(0).model.decode(all, group.get(0).options, judge);
        } catch (RuntimeException | Error e) {
            group.forEach(job -> {
                answered(job);
                job.result.completeExceptionally(e);
            });
            return;
        }
        at = 0;
        for (DecodeJob job : group) {
            answered(job);   // counted before the caller can see the answer, so the counters never lag behind it
            job.result.complete(List.copyOf(decoded.subList(at, at + job.latents.length)));
            at += job.latents.length;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        for (BlockingDeque<Job<?>> lane : List.of(interactive, background)) {
            for (Job<?> job; (job = lane.poll()) != null; ) {
                job.result.completeExceptionally(new IllegalStateException("the decoder was closed"));
            }
        }
    }

    private abstract static sealed class Job<T> permits DecodeJob, Task {
        final Lane lane;
        final CompletableFuture<T> result = new CompletableFuture<>();
        /** Background jobs answered when this one was queued. */
        long arrival;

        Job(Lane lane) {
            this.lane = Objects.requireNonNull(lane);
        }
    }

    private static final class Task<T> extends Job<T> {
        final Supplier<T> work;

        Task(Lane lane, Supplier<T> work) {
            super(lane);
            this.work = work;
        }

        /** Runs the work and answers; {@code count} is told first, so the counters never lag behind an answer. */
        void run(Consumer<Job<?>> count) {
            if (result.isDone()) {   // cancelled while it waited: nobody wants the answer
                count.accept(this);
                return;
            }
            T value;
            try {
                value = work.get();
            } catch (RuntimeException | Error e) {
                count.accept(this);
                result.completeExceptionally(e);
                return;
            }
            count.accept(this);
            result.complete(value);
        }
    }

    private static final class DecodeJob extends Job<List<String>> {
        final VaeModel model;
        final DecodingOptions options;
        final Supplier<float[][][]> points;
        float[][][] latents;

        DecodeJob(Lane lane, VaeModel model, DecodingOptions options, Supplier<float[][][]> points) {
            super(lane);
            this.model = Objects.requireNonNull(model);
            this.options = options;
            this.points = points;
        }

        /** Computes the latent points (encoding on the device thread); false when that failed and the job is answered. */
        boolean prepare() {
            if (result.isDone()) {   // cancelled while it waited: nobody wants the answer
                return false;
            }
            try {
                latents = points.get();
                model.checkLatents(latents);   // a malformed point must fail its own request, not the whole batch
                return true;
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
                return false;
            }
        }
    }
}
