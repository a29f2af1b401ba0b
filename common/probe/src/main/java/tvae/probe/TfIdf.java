package tvae.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bag-of-words TF-IDF features as scikit-learn's {@code TfidfVectorizer()} makes them by default: lower-cased words of
 * two or more word characters, raw counts times smoothed idf {@code ln((1 + n) / (1 + df)) + 1}, each row scaled to
 * unit length. The vocabulary and idf come from the training texts only.
 */
final class TfIdf {
    private static final Pattern WORD = Pattern.compile("\\b\\w\\w+\\b", Pattern.UNICODE_CHARACTER_CLASS);

    private final Map<String, Integer> vocabulary = new HashMap<>();
    private final double[] idf;

    TfIdf(List<String> trainingTexts) {
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (String text : trainingTexts) {
            for (String word : new HashSet<>(words(text))) {
                documentFrequency.merge(word, 1, Integer::sum);
            }
        }
        documentFrequency.keySet().stream().sorted().forEach(word -> vocabulary.put(word, vocabulary.size()));
        idf = new double[vocabulary.size()];
        int n = trainingTexts.size();
        documentFrequency.forEach((word, df) -> idf[vocabulary.get(word)] = Math.log((1.0 + n) / (1.0 + df)) + 1.0);
    }

    int features() {
        return vocabulary.size();
    }

    Map<Integer, Double> row(String text) {
        Map<Integer, Double> row = new HashMap<>();
        for (String word : words(text)) {
            Integer index = vocabulary.get(word);
            if (index != null) {
                row.merge(index, idf[index], Double::sum);
            }
        }
        double norm = Math.sqrt(row.values().stream().mapToDouble(v -> v * v).sum());
        if (norm > 0) {
            row.replaceAll((index, value) -> value / norm);
        }
        return row;
    }

    private static List<String> words(String text) {
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        List<String> words = new ArrayList<>();
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }
}
