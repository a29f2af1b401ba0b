package tvae.probe;

/** One probe method's test accuracy, and the split it was measured on. */
public record ProbeScore(String method, String split, double accuracy, int trainSize, int testSize, int classes) {
    public static final String MAJORITY = "majority";
    public static final String LATENT_LINEAR_SVM = "latent-linear-svm";
    public static final String BOW_TFIDF_LINEAR_SVM = "bow-tfidf-linear-svm";
    public static final String LATENT_RBF_SVM = "latent-rbf-svm";
}
