import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.*;
import tvae.data.*;
import tvae.decode.VaeModel;
import tvae.digit.DigitText;
import tvae.events.*;
import tvae.judge.*;
import tvae.model.*;
import tvae.quality.*;
import tvae.tokenize.*;
/** Experiment: greedy decoding of digits with the layout forced (row markers in order, 14 levels a row, EOS after 14 rows). */
public class DigitLayout {
    public static void main(String[] a) throws Exception {
        Path cache = Path.of(a[1]);
        try (VaeModel m = VaeModel.load(Path.of(a[0]), ai.djl.Device.cpu());
             DigitJudge judge = DigitJudge.loadOrTrain(cache.resolve("digit-judge"), OfficialMnist.locate(), (s, d, t) -> {})) {
            TransformerVae model = (TransformerVae) field(m, "model");
            ParameterStore ps = (ParameterStore) field(m, "parameters");
            NDManager manager = (NDManager) field(m, "manager");
            PixelTokenizer tok = (PixelTokenizer) m.tokenizer();
            DigitText fmt = DigitText.SEED;
            int levels = fmt.alphabet().levels();
            int[] levelIds = new int[levels];
            for (int l = 0; l < levels; l++) levelIds[l] = tok.encode(String.valueOf(fmt.alphabet().levelChar(l)))[0];
            int[] rowIds = new int[fmt.height()];
            for (int r = 0; r < rowIds.length; r++) rowIds[r] = tok.encode(String.valueOf(fmt.alphabet().rowChar(r)))[0];
            PreparedDataset data = Datasets.prepare(new DatasetSpec(DatasetKind.MNIST, null, null), cache);
            List<CorpusItem> items = ProbeSet.of(data, null).stream().limit(Integer.parseInt(a[2])).toList();
            List<String> in = items.stream().map(CorpusItem::text).toList();
            List<String> greedy = new ArrayList<>(), laid = new ArrayList<>();
            for (int f = 0; f < in.size(); f += 16) {
                float[][][] codes = m.encode(in.subList(f, Math.min(in.size(), f + 16)));
                greedy.addAll(m.decode(codes, DecodingOptions.greedy()));
                laid.addAll(decodeLaidOut(model, ps, manager, tok, codes, levelIds, rowIds, fmt.width()));
            }
            List<DigitJudgement> ji = judge.judgeTexts(in);
            for (String name : new String[] {"greedy", "layout"}) {
                List<String> out = name.equals("greedy") ? greedy : laid;
                List<DigitJudgement> jo = judge.judgeTexts(out);
                int wf = 0, own = 0, ownPl = 0, pl = 0; int[] d = new int[10];
                for (int i = 0; i < in.size(); i++) {
                    if (fmt.isWellFormed(out.get(i))) wf++;
                    String label = items.get(i).label();
                    if (String.valueOf(jo.get(i).digit()).equals(label)) { own++; if (jo.get(i).plausible()) ownPl++; }
                    if (jo.get(i).plausible()) pl++;
                    d[jo.get(i).digit()]++;
                }
                System.out.printf("%s: %d inputs, well-formed %d, judged own digit %d (sure %d), plausible %d, judged digits %s%n", name, in.size(), wf, own, ownPl, pl, Arrays.toString(d));
            }
            System.out.println("in    : " + in.get(1)); System.out.println("greedy: " + greedy.get(1)); System.out.println("layout: " + laid.get(1));
        }
    }

    static List<String> decodeLaidOut(TransformerVae model, ParameterStore ps, NDManager manager, Tokenizer tok, float[][][] codes,
                                      int[] levelIds, int[] rowIds, int width) {
        int b = codes.length;
        try (NDScope scope = new NDScope()) {
            float[] flat = new float[b * codes[0].length * codes[0][0].length];
            int k = 0;
            for (float[][] c : codes) for (float[] row : c) for (float v : row) flat[k++] = v;
            NDArray lat = manager.create(flat, new Shape(b, codes[0].length, codes[0][0].length));
            NDArray memory = model.memory(ps, lat);
            DecoderCache cache = model.newCache();
            long[] last = new long[b];
            Arrays.fill(last, tok.bosId());
            int total = rowIds.length * (width + 1);
            int[][] out = new int[b][total];
            NDArray levelIndex = manager.create(Arrays.stream(levelIds).asLongStream().toArray());
            for (int t = 0; t < total; t++) {
                // last = the token at t-1 (BOS first); the step's logits choose the token at t
                NDArray logits = model.stepLogits(ps, manager.create(last, new Shape(b, 1)), cache, memory).squeeze(1);
                int col = t % (width + 1);
                if (col == 0) {
                    Arrays.fill(last, rowIds[t / (width + 1)]);
                } else {
                    long[] pick = logits.get(new NDIndex(":, {}", levelIndex)).argMax(-1).toLongArray();
                    for (int i = 0; i < b; i++) last[i] = levelIds[(int) pick[i]];
                }
                for (int i = 0; i < b; i++) out[i][t] = (int) last[i];
            }
            List<String> texts = new ArrayList<>();
            for (int[] ids : out) texts.add(tok.decode(ids));
            return texts;
        }
    }

    static Object field(Object o, String name) throws Exception {
        java.lang.reflect.Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }
}
