import java.nio.file.Path;
import java.util.*;
import tvae.data.*;
import tvae.decode.VaeModel;
import tvae.events.*;
import tvae.judge.*;
import tvae.quality.*;
public class DigitEdits {
    public static void main(String[] a) throws Exception {
        Path cache = Path.of(a[1]);
        try (VaeModel m = VaeModel.load(Path.of(a[0]), ai.djl.Device.cpu());
             DigitJudge judge = DigitJudge.loadOrTrain(cache.resolve("digit-judge"), OfficialMnist.locate(), (s, d, t) -> {})) {
            PreparedDataset data = Datasets.prepare(new DatasetSpec(DatasetKind.MNIST, null, null), cache);
            List<CorpusItem> items = ProbeSet.of(data, null).stream().limit(2000).toList();
            float[][][] codes = new float[items.size()][][];
            for (int f = 0; f < items.size(); f += 64) {
                float[][][] c = m.encode(items.subList(f, Math.min(items.size(), f + 64)).stream().map(CorpusItem::text).toList());
                System.arraycopy(c, 0, codes, f, c.length);
            }
            // reconstructions of the edited inputs themselves, as a reference
            for (double strength : new double[] {0, 1, 2}) {
                List<EditPlan.Edit> edits = EditPlan.of(items, codes, 32, strength == 0 ? 1 : strength);
                List<String> out = new ArrayList<>();
                for (int f = 0; f < edits.size(); f += 12) {
                    float[][][] pts = edits.subList(f, Math.min(edits.size(), f + 12)).stream()
                            .map(e -> strength == 0 ? codes[indexOf(items, e.input())] : e.point()).toArray(float[][][]::new);
                    out.addAll(m.decode(pts, DecodingOptions.greedy()));
                }
                List<DigitJudgement> j = judge.judgeTexts(out);
                for (EditDirection dir : EditDirection.values()) {
                    int n = 0, plausible = 0, target = 0, source = 0; int[] digits = new int[10];
                    for (int i = 0; i < edits.size(); i++) {
                        if (edits.get(i).edit().direction() != dir) continue;
                        n++;
                        if (j.get(i).plausible()) { plausible++; digits[j.get(i).digit()]++; }
                        if (String.valueOf(j.get(i).digit()).equals(edits.get(i).edit().toLabel())) target++;
                        if (String.valueOf(j.get(i).digit()).equals(edits.get(i).edit().fromLabel())) source++;
                    }
                    System.out.printf("%s strength %.0f %s: %d outputs, plausible %d, judged target (any confidence) %d, judged source %d, plausible digits %s%n",
                            strength == 0 ? "unedited inputs" : "edits", strength, dir, n, plausible, target, source, Arrays.toString(digits));
                }
            }
        }
    }
    static int indexOf(List<CorpusItem> items, String text) {
        for (int i = 0; i < items.size(); i++) if (items.get(i).text().equals(text)) return i;
        throw new IllegalStateException();
    }
}
