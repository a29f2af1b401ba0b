import java.nio.file.Path;
import tvae.decode.VaeModel;
import tvae.events.DecodingOptions;
import tvae.events.InterpolationRequested;
public class Greedy {
    public static void main(String[] a) throws Exception {
        try (VaeModel m = VaeModel.load(Path.of(a[0]), ai.djl.Device.cpu())) {
            String[][] pairs = {{"x = foo(a, b)", "return self.value"}, {"for i in range(10):", "if x is None:"},
                {"import os", "print('hello', end='')"}, {"y = [i * 2 for i in xs]", "raise ValueError(msg)"}};
            double[] r = InterpolationRequested.defaultRatios();
            int n = Integer.parseInt(a[1]);
            for (int i = 0; i < 20; i++) m.interpolate(pairs[i % 4][0], pairs[i % 4][1], r, DecodingOptions.greedy(), true);
            long t0 = System.nanoTime(), enc = 0;
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                m.encode(java.util.List.of(pairs[i % 4][0], pairs[i % 4][1]));
                enc += System.nanoTime() - s;
                m.interpolate(pairs[i % 4][0], pairs[i % 4][1], r, DecodingOptions.greedy(), true);
            }
            System.out.printf("mean interpolate %.1f ms (encode alone %.1f ms)%n", ((System.nanoTime() - t0 - enc) / 1e6) / n, enc / 1e6 / n);
        }
    }
}
