package tvae.probe;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A linear SVM (LIBLINEAR's L2-regularised L2-loss dual solver, C = 1, one-vs-rest, with a bias term) trained on
 * sparse feature rows and asked for the class of other rows. Used for the latent probe and the raw-input baseline
 * (TF-IDF or pixels), so both are the same learner.
 */
final class LinearSvm {
    private static final double C = 1.0;
    private static final double TOLERANCE = 0.1;

    private LinearSvm() {
    }

    /** @param rows feature index (0-based) -> value for every item; @return predicted class of every test item */
    static synchronized int[] trainAndPredict(List<Map<Integer, Double>> rows, int features, int[] classes,
                                              List<Integer> train, List<Integer> test) {
        Problem problem = new Problem();
        problem.l = train.size();
        problem.n = features + 1;
        problem.bias = 1;
        problem.x = train.stream().map(i -> nodes(rows.get(i), features)).toArray(Feature[][]::new);
        problem.y = train.stream().mapToDouble(i -> classes[i]).toArray();
        Linear.disableDebugOutput();
        Linear.resetRandom(); // the dual solver shuffles with a static generator: reset it so a replay scores the same
        Model model = Linear.train(problem, new Parameter(SolverType.L2R_L2LOSS_SVC_DUAL, C, TOLERANCE));
        return test.stream().mapToInt(i -> (int) Linear.predict(model, nodes(rows.get(i), features))).toArray();
    }

    /** LIBLINEAR wants 1-based, increasing indices, and the bias as one more feature after the last. */
    private static Feature[] nodes(Map<Integer, Double> row, int features) {
        List<Feature> nodes = new ArrayList<>(row.size() + 1);
        row.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> e.getValue() != 0.0)
                .forEach(e -> nodes.add(new FeatureNode(e.getKey() + 1, e.getValue())));
        nodes.add(new FeatureNode(features + 1, 1.0));
        return nodes.toArray(Feature[]::new);
    }
}
