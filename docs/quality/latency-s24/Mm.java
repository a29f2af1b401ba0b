import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
public class Mm {
    public static void main(String[] a) {
        try (NDManager m = NDManager.newBaseManager()) {
            for (long[] s : new long[][] {{11, 256, 1024}, {11, 1024, 256}, {11, 256, 256}, {11, 256, 8192}, {1, 256, 1024}}) {
                NDArray w = m.randomNormal(new Shape(s[1], s[2]));
                NDArray x3 = m.randomNormal(new Shape(s[0], 1, s[1]));
                NDArray x2 = m.randomNormal(new Shape(s[0], s[1]));
                NDArray wt = w.transpose().duplicate();
                for (String kind : new String[] {"3d", "2d", "linear"}) {
                    int n = 3000;
                    for (int i = 0; i < 200; i++) run(kind, x3, x2, w, wt).close();
                    long t = System.nanoTime();
                    for (int i = 0; i < n; i++) run(kind, x3, x2, w, wt).close();
                    double us = (System.nanoTime() - t) / 1e3 / n;
                    System.out.printf("%s %dx%dx%d: %.1f us, %.1f GFLOP/s%n", kind, s[0], s[1], s[2], us, 2.0 * s[0] * s[1] * s[2] / us / 1e3);
                }
            }
        }
    }
    static NDArray run(String kind, NDArray x3, NDArray x2, NDArray w, NDArray wt) {
        switch (kind) {
            case "3d": return x3.matMul(w);
            case "2d": return x2.matMul(w);
            default: return x2.getNDArrayInternal().linear(x2, wt, null).singletonOrThrow();
        }
    }
}
