package tvae.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Supplier;
import tvae.data.SyntaxFilter;
import tvae.events.DecodingOptions;

/**
 * The one thread that runs models on the device. Requests that queue up while it is busy are decoded together: their
 * latent points go into one batch, so N concurrent interpolations cost little more than one (a decode step is a
 * matrix product whose cost barely grows with the batch on a CPU or GPU, while N separate decodes pay it N times and
 * fight over the same cores). Only greedy requests of the same model and options share a batch: a sampled sequence
 * must not depend on who else was in the batch.
 */
public final class DecodeBatcher implements AutoCloseable {
    private final BlockingDeque<Job> queue = new LinkedBlockingDeque<>();
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

    /** @param judge what guided decoding asks to pick among its candidates (CPython); null: the constraint alone */
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
        DecodingOptions o = options == null ? DecodingOptions.greedy() : options;
        return submit(new DecodeJob(model, o, () -> model.interpolationPoints(a, b, ratios, o.mixing())));
    }

    /** Decodes the given latent points (B, L, d_latent). */
    public CompletableFuture<List<String>> decode(VaeModel model, float[][][] latents, DecodingOptions options) {
        return submit(new DecodeJob(model, options == null ? DecodingOptions.greedy() : options, () -> latents));
    }

    /** Any other work on the device thread (encoding), in queue order. */
    public <T> CompletableFuture<T> call(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        enqueue(new Task(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    private CompletableFuture<List<String>> submit(DecodeJob job) {
        enqueue(job);
        return job.result;
    }

    private void enqueue(Job job) {
        if (closed) {
            throw new IllegalStateException("the decoder is closed");
        }
        queue.add(job);
    }

    private void serve() {
        while (!closed) {
            Job first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (first instanceof Task task) {
                task.work.run();
            } else {
                decodeTogether(gather((DecodeJob) first));
            }
        }
    }

    /** The first job and every queued job that can share its batch; the others keep their places in the queue. */
    private List<DecodeJob> gather(DecodeJob first) {
        List<DecodeJob> group = new ArrayList<>();
        if (!first.prepare()) {
            return group;
        }
        group.add(first);
        if (!batching || !"greedy".equals(first.options.strategy())) {
            return group;
        }
        int rows = first.latents.length;
        List<Job> passedOver = new ArrayList<>();
        Job next;
        while (rows < maxRows && (next = queue.poll()) != null) {
            if (next instanceof DecodeJob job && job.model == first.model && job.options.equals(first.options)) {
                if (!job.prepare()) {
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
            queue.addFirst(passedOver.get(i));
        }
        return group;
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
            group.forEach(job -> job.result.completeExceptionally(e));
            return;
        }
        at = 0;
        for (DecodeJob job : group) {
            job.result.complete(List.copyOf(decoded.subList(at, at + job.latents.length)));
            at += job.latents.length;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        for (Job job; (job = queue.poll()) != null; ) {
            if (job instanceof DecodeJob decode) {
                decode.result.completeExceptionally(new IllegalStateException("the decoder was closed"));
            }
        }
    }

    private sealed interface Job permits DecodeJob, Task {
    }

    private record Task(Runnable work) implements Job {
    }

    private static final class DecodeJob implements Job {
        final VaeModel model;
        final DecodingOptions options;
        final Supplier<float[][][]> points;
        final CompletableFuture<List<String>> result = new CompletableFuture<>();
        float[][][] latents;

        DecodeJob(VaeModel model, DecodingOptions options, Supplier<float[][][]> points) {
            this.model = Objects.requireNonNull(model);
            this.options = options;
            this.points = points;
        }

        /** Computes the latent points (encoding on the device thread); false when that failed and the job is answered. */
        boolean prepare() {
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
