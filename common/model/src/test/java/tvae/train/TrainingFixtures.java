package tvae.train;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tvae.data.PythonLinesFixture;
import tvae.data.Split;
import tvae.events.HyperParameters;
import tvae.model.TransformerVaeConfig;
import tvae.tokenize.BpeTokenizer;
import tvae.tokenize.BpeTrainer;

/** Real Python lines and a small BPE tokenizer trained on them, shared by the training tests of one JVM. */
public final class TrainingFixtures {
    private static List<String> lines;
    private static BpeTokenizer tokenizer;

    private TrainingFixtures() {
    }

    /** The first {@code n} training lines that fit the tiny model's sequence length. */
    public static synchronized List<String> lines(int n) {
        if (lines == null) {
            List<String> all = PythonLinesFixture.standardLibrary().corpus().texts(Split.TRAIN).subList(0, 3000);
            BpeTokenizer bpe = tokenizer();
            int max = TransformerVaeConfig.preset("tiny").maxLength();
            lines = all.stream().filter(line -> bpe.encode(line).length + 2 <= max).toList();
        }
        return lines.subList(0, Math.min(n, lines.size()));
    }

    /**
     * A tiny model trained from scratch on {@code lines} for {@code steps} steps on the CPU and saved to {@code zip}
     * with its held-out evaluation on those lines.
     */
    public static Path trainTiny(List<String> lines, int steps, Path zip, String runId) throws IOException {
        TransformerVaeConfig config = TransformerVaeConfig.preset("tiny");
        try (TrainingSession session = TrainingSession.start(config, TrainingOptions.preset("tiny").withTotalSteps(steps),
                tokenizer(), lines, lines, Device.cpu())) {
            for (int i = 0; i < steps; i++) {
                session.step();
            }
            return session.saveCheckpoint(zip, runId, session.evaluate(Math.min(128, lines.size())));
        }
    }

    /**
     * The metrics of the first step of a tiny model on 64 fixture lines with {@code hyperParameters} (wire names and
     * values): the same seed and batch every time, so two calls differ only by what those hyper-parameters change.
     */
    public static StepMetrics firstTinyStep(Map<String, ?> hyperParameters) {
        TrainingOptions options = TrainingOptions.preset("tiny").withTotalSteps(10).with(HyperParameters.of(hyperParameters));
        List<String> lines = lines(64);
        try (TrainingSession session = TrainingSession.start(TransformerVaeConfig.preset("tiny"), options, tokenizer(), lines,
                lines, Device.cpu())) {
            return session.step();
        }
    }

    /** A 512-token BPE trained on 3000 real lines (a few seconds). */
    public static synchronized BpeTokenizer tokenizer() {
        if (tokenizer == null) {
            tokenizer = new BpeTrainer(512).train(PythonLinesFixture.standardLibrary().corpus().texts(Split.TRAIN).subList(0, 3000));
        }
        return tokenizer;
    }
}
