package tvae.probe;

import java.util.List;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;

/**
 * The seed's probe: scikit-learn's {@code SVC()} defaults on LIBSVM itself, the library SVC wraps. RBF kernel, C = 1,
 * gamma = 'scale' = 1 / (features · variance of every training value), tolerance 1e-3, shrinking, one-vs-one.
 */
final class RbfSvm {
    private RbfSvm() {
    }

    static synchronized int[] trainAndPredict(float[][] x, int[] classes, List<Integer> train, List<Integer> test) {
        int features = x[0].length;
        svm_problem problem = new svm_problem();
        problem.l = train.size();
        problem.x = train.stream().map(i -> nodes(x[i])).toArray(svm_node[][]::new);
        problem.y = train.stream().mapToDouble(i -> classes[i]).toArray();

        svm_parameter parameter = new svm_parameter();
        parameter.svm_type = svm_parameter.C_SVC;
        parameter.kernel_type = svm_parameter.RBF;
        parameter.C = 1;
        parameter.gamma = 1.0 / (features * variance(x, train));
        parameter.eps = 1e-3;
        parameter.shrinking = 1;
        parameter.cache_size = 200;
        svm.svm_set_print_string_function(message -> { });
        svm_model model = svm.svm_train(problem, parameter);
        return test.stream().mapToInt(i -> (int) svm.svm_predict(model, nodes(x[i]))).toArray();
    }

    private static double variance(float[][] x, List<Integer> rows) {
        double sum = 0;
        double squares = 0;
        long n = 0;
        for (int i : rows) {
            for (float v : x[i]) {
                sum += v;
                squares += (double) v * v;
                n++;
            }
        }
        double mean = sum / n;
        double variance = squares / n - mean * mean;
        return variance > 0 ? variance : 1.0; // sklearn also falls back to 1 for constant data
    }

    private static svm_node[] nodes(float[] values) {
        svm_node[] nodes = new svm_node[values.length];
        for (int j = 0; j < values.length; j++) {
            nodes[j] = new svm_node();
            nodes[j].index = j + 1;
            nodes[j].value = values[j];
        }
        return nodes;
    }
}
