package tvae.train;

import java.util.List;
import tvae.data.PythonLinesFixture;
import tvae.data.Split;
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

    /** A 512-token BPE trained on 3000 real lines (a few seconds). */
    public static synchronized BpeTokenizer tokenizer() {
        if (tokenizer == null) {
            tokenizer = new BpeTrainer(512).train(PythonLinesFixture.standardLibrary().corpus().texts(Split.TRAIN).subList(0, 3000));
        }
        return tokenizer;
    }
}
