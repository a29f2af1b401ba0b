package tvae.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tvae.digit.DigitText;
import tvae.events.ProbeItem;
import tvae.events.ProbeLatents;

/**
 * How much of the label the latent codes carry (design §1, §7): a linear SVM on the latent codes against two baselines
 * on the same stratified split (always answering the majority class; a linear SVM on the raw input, which is the
 * pixels for a set of digits and TF-IDF bag-of-words for any other text), plus the seed's RBF-kernel SVM on its own
 * split so its number can be repeated next to ours. Every accuracy comes with its 95 % Wilson interval.
 */
public final class ProbeEvaluation {
    /** Share of every label held out for testing in the stratified split. */
    public static final double TEST_SHARE = 0.3;

    private ProbeEvaluation() {
    }

    /** Every method's score, or none when the set cannot be split into a training and a test part with two labels. */
    public static List<ProbeScore> evaluate(ProbeLatents probe) {
        List<ProbeItem> items = probe.items();
        List<String> labelNames = new ArrayList<>(new TreeSet<>(items.stream().map(ProbeItem::label).toList()));
        int[] classes = items.stream().mapToInt(item -> labelNames.indexOf(item.label())).toArray();
        float[][] latents = items.stream().map(ProbeItem::latent).toArray(float[][]::new);

        ProbeSplit stratified = ProbeSplit.stratified(items.stream().map(ProbeItem::label).toList(), TEST_SHARE);
        ProbeSplit seed = ProbeSplit.seedFirst30Percent(items.size());
        List<ProbeScore> scores = new ArrayList<>();
        if (labelNames.size() < 2 || stratified.test().isEmpty()) {
            return scores;
        }
        scores.add(score(ProbeScore.MAJORITY, stratified, classes, labelNames.size(), majority(classes, labelNames.size(), stratified)));
        scores.add(score(ProbeScore.LATENT_LINEAR_SVM, stratified, classes, labelNames.size(),
                LinearSvm.trainAndPredict(standardised(latents, stratified.train()), latents[0].length, classes,
                        stratified.train(), stratified.test())));
        scores.add(rawInputBaseline(items, classes, labelNames.size(), stratified));
        if (!seed.test().isEmpty() && !seed.train().isEmpty()) {
            scores.add(score(ProbeScore.LATENT_RBF_SVM, seed, classes, labelNames.size(),
                    RbfSvm.trainAndPredict(latents, classes, seed.train(), seed.test())));
        }
        return scores;
    }

    private static ProbeScore score(String method, ProbeSplit split, int[] classes, int classCount, int[] predicted) {
        int right = 0;
        for (int t = 0; t < predicted.length; t++) {
            if (predicted[t] == classes[split.test().get(t)]) {
                right++;
            }
        }
        return ProbeScore.of(method, split.name(), right, split.train().size(), split.test().size(), classCount);
    }

    /**
     * The linear SVM on the raw input. A set of digit texts gets it on the pixels, since TF-IDF "words" of pixel
     * characters mean nothing; any other text (a sentence, a line of Python) gets it on TF-IDF bag-of-words.
     */
    private static ProbeScore rawInputBaseline(List<ProbeItem> items, int[] classes, int classCount, ProbeSplit split) {
        boolean digits = items.stream().allMatch(item -> DigitText.SEED.isWellFormed(item.text()));
        return digits
                ? score(ProbeScore.PIXEL_LINEAR_SVM, split, classes, classCount, pixelSvm(items, classes, split))
                : score(ProbeScore.BOW_TFIDF_LINEAR_SVM, split, classes, classCount, bagOfWordsSvm(items, classes, split));
    }

    /** Linear SVM on each digit's pixel intensities in [0, 1], row by row, as the papers' raw-pixel baseline. */
    private static int[] pixelSvm(List<ProbeItem> items, int[] classes, ProbeSplit split) {
        List<Map<Integer, Double>> rows = new ArrayList<>(items.size());
        for (ProbeItem item : items) {
            float[] pixels = DigitText.SEED.read(item.text()).pixels();
            Map<Integer, Double> row = new HashMap<>();
            for (int i = 0; i < pixels.length; i++) {
                row.put(i, (double) pixels[i]);
            }
            rows.add(row);
        }
        int features = DigitText.SEED.width() * DigitText.SEED.height();
        return LinearSvm.trainAndPredict(rows, features, classes, split.train(), split.test());
    }

    /** Linear SVM on TF-IDF bag-of-words of the text, vocabulary and idf from the training items only. */
    private static int[] bagOfWordsSvm(List<ProbeItem> items, int[] classes, ProbeSplit split) {
        TfIdf bagOfWords = new TfIdf(split.train().stream().map(i -> items.get(i).text()).toList());
        return LinearSvm.trainAndPredict(items.stream().map(item -> bagOfWords.row(item.text())).toList(),
                bagOfWords.features(), classes, split.train(), split.test());
    }

    /** The most frequent training class (the smallest class id on a tie), for every test item. */
    private static int[] majority(int[] classes, int classCount, ProbeSplit split) {
        int[] counts = new int[classCount];
        split.train().forEach(i -> counts[classes[i]]++);
        int best = 0;
        for (int c = 1; c < classCount; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        int answer = best;
        return split.test().stream().mapToInt(i -> answer).toArray();
    }

    /** Latent features scaled to zero mean and unit variance by the training items' statistics, as sparse rows. */
    private static List<Map<Integer, Double>> standardised(float[][] x, List<Integer> train) {
        int width = x[0].length;
        double[] mean = new double[width];
        double[] std = new double[width];
        for (int i : train) {
            for (int j = 0; j < width; j++) {
                mean[j] += x[i][j] / (double) train.size();
            }
        }
        for (int i : train) {
            for (int j = 0; j < width; j++) {
                std[j] += Math.pow(x[i][j] - mean[j], 2) / train.size();
            }
        }
        List<Map<Integer, Double>> rows = new ArrayList<>(x.length);
        for (float[] item : x) {
            Map<Integer, Double> row = new HashMap<>();
            for (int j = 0; j < width; j++) {
                double scale = std[j] > 0 ? Math.sqrt(std[j]) : 1.0;
                row.put(j, (item[j] - mean[j]) / scale);
            }
            rows.add(row);
        }
        return rows;
    }
}
