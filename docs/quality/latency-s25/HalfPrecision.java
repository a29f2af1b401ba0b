import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
public class HalfPrecision {
    public static void main(String[] a) {
        try (NDManager m = NDManager.newBaseManager()) {
            for (long[] s : new long[][] {{11, 256, 1024}, {11, 1024, 256}, {11, 256, 256}, {11, 256, 8192}}) {
                NDArray w = m.randomNormal(new Shape(s[1], s[2]));
                NDArray x = m.randomNormal(new Shape(s[0], 1, s[1]));
                for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT16}) {
                    NDArray wd = w.toType(dt, true), xd = x.toType(dt, true);
                    int n = 3000;
                    for (int i = 0; i < 200; i++) xd.matMul(wd).close();
                    long t = System.nanoTime();
                    for (int i = 0; i < n; i++) xd.matMul(wd).close();
                    double us = (System.nanoTime() - t) / 1e3 / n;
                    NDArray r = xd.matMul(wd).toType(DataType.FLOAT32, true);
                    double err = r.sub(x.matMul(w)).abs().max().getFloat() ;
                    System.out.printf("%s %dx%dx%d: %.1f us, %.1f GFLOP/s maxerr %.3f%n", dt, s[0], s[1], s[2], us, 2.0 * s[0] * s[1] * s[2] / us / 1e3, err);
                }
            }
        }
    }
}
