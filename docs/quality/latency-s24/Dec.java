import java.nio.file.Path;
import tvae.decode.VaeModel;
import tvae.events.DecodingOptions;
import tvae.events.InterpolationRequested;
import tvae.events.Mixing;
public class Dec {
    public static void main(String[] a) throws Exception {
        try (VaeModel m = VaeModel.load(Path.of(a[0]), ai.djl.Device.cpu())) {
            String[][] pairs = {{"x = foo(a, b)", "return self.value"}, {"for i in range(10):", "if x is None:"},
                {"import os", "print('hello', end='')"}, {"y = [i * 2 for i in xs]", "raise ValueError(msg)"}};
            double[] r = InterpolationRequested.defaultRatios();
            float[][][][] points = new float[4][][][];
            for (int i = 0; i < 4; i++) points[i] = m.interpolationPoints(pairs[i][0], pairs[i][1], r, Mixing.LINEAR);
            for (int i = 0; i < 40; i++) m.decode(points[i % 4], DecodingOptions.greedy());
            int n = Integer.parseInt(a[1]);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) m.decode(points[i % 4], DecodingOptions.greedy());
            System.out.printf("decode 11 points: %.2f ms%n", (System.nanoTime() - t0) / 1e6 / n);
        }
    }
}
