package tvae.probe;

/**
 * One probe method's test accuracy, the split it was measured on, and the 95 % Wilson interval of that accuracy over
 * the {@code testSize} test items, so two methods' numbers can be told apart from noise.
 */
public record ProbeScore(String method, String split, double accuracy, int trainSize, int testSize, int classes,
                         double ciLow, double ciHigh) {
    public static final String MAJORITY = "majority";
    public static final String LATENT_LINEAR_SVM = "latent-linear-svm";
    public static final String BOW_TFIDF_LINEAR_SVM = "bow-tfidf-linear-svm";
    public static final String PIXEL_LINEAR_SVM = "pixel-linear-svm";
    public static final String LATENT_RBF_SVM = "latent-rbf-svm";

    /** The score of {@code right} correct answers out of {@code testSize}, with its interval. */
    public static ProbeScore of(String method, String split, int right, int trainSize, int testSize, int classes) {
        WilsonInterval interval = WilsonInterval.of(right, testSize);
        return new ProbeScore(method, split, right / (double) testSize, trainSize, testSize, classes,
                interval.low(), interval.high());
    }
}
