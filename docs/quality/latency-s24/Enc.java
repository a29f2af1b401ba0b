import java.nio.file.Path;
import tvae.decode.VaeModel;
public class Enc {
    public static void main(String[] a) throws Exception {
        try (VaeModel m = VaeModel.load(Path.of(a[0]), ai.djl.Device.cpu())) {
            var texts = java.util.List.of("x = foo(a, b)", "return self.value");
            for (int i = 0; i < 50; i++) m.encode(texts);
            int n = Integer.parseInt(a[1]);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) m.encode(texts);
            System.out.printf("encode 2 lines: %.2f ms%n", (System.nanoTime() - t0) / 1e6 / n);
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) m.tokenizer().encode(texts.get(i % 2));
            System.out.printf("tokenize 1 line: %.3f ms%n", (System.nanoTime() - t1) / 1e6 / n);
        }
    }
}
