package tvae.data;

import java.util.Locale;

/**
 * Where the preparation of a dataset stands (reading source files, CPython's syntax check, the BPE tokenizer), so a
 * first run that spends a minute harvesting its corpus says so instead of looking stuck.
 */
@FunctionalInterface
public interface PreparationProgress {
    PreparationProgress NONE = (stage, done, total) -> {
    };

    /** {@code done} of {@code total} units of {@code stage} are finished; a stage starts at 0 and ends at total. */
    void report(String stage, long done, long total);

    /** One human line: "keeping the lines CPython parses: 40000/180000 (22 %)". */
    static String describe(String stage, long done, long total) {
        return total <= 0 ? stage : String.format(Locale.ROOT, "%s: %d/%d (%d %%)", stage, done, total, 100 * done / total);
    }

    /**
     * Passes on the start and end of every stage and at most one report per {@code intervalNanos} in between:
     * progress goes to the broker and the journal, and a file loop must not send one event per file.
     */
    static PreparationProgress throttled(long intervalNanos, PreparationProgress target) {
        return new PreparationProgress() {
            private String stage;
            private long last;

            @Override
            public synchronized void report(String stage, long done, long total) {
                long now = System.nanoTime();
                boolean boundary = !stage.equals(this.stage) || done == 0 || done >= total;
                if (boundary || now - last >= intervalNanos) {
                    this.stage = stage;
                    last = now;
                    target.report(stage, done, total);
                }
            }
        };
    }
}
