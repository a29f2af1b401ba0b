package tvae.judge;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import tvae.data.LabelledImage;
import tvae.data.OfficialMnist;
import tvae.data.PreparationProgress;
import tvae.digit.DigitImage;
import tvae.digit.DigitText;
import tvae.transfer.Sha256;

/**
 * An independent judge of decoded digits (design §7): a convolutional classifier trained by the project on the
 * official MNIST training digits, never on what the Transformer-VAE learned from, and seen exactly as the pixel text
 * draws a digit (14x14, 64 grey levels). Trained once and cached by the hash of its recipe and training files.
 * Thread-safe: calls take turns on the one network.
 */
public final class DigitJudge implements AutoCloseable {
    /** How the judge sees a digit: the seed's pixel text, so a training digit looks like a decoded one. */
    public static final DigitText FORMAT = DigitText.SEED;
    private static final int BATCH = 256;

    private final String id;
    private final NDManager manager;
    private final Block net;
    private final ParameterStore parameters;

    private DigitJudge(String id, NDManager manager, Block net) {
        this.id = id;
        this.manager = manager;
        this.net = net;
        this.parameters = new ParameterStore(manager, false);
    }

    /**
     * The judge cached in {@code cacheDirectory} for the digits in {@code mnistDirectory} (see {@link OfficialMnist}),
     * trained there first when no judge of this recipe and data is cached (about a minute on two CPU cores).
     */
    public static DigitJudge loadOrTrain(Path cacheDirectory, Path mnistDirectory, PreparationProgress progress) throws IOException {
        String id = "digit-judge-" + cacheKey(mnistDirectory);
        Path cached = cacheDirectory.resolve(id + ".params");
        if (!Files.isRegularFile(cached)) {
            progress.report("reading the MNIST training digits for the digit judge", 0, 1);
            List<LabelledImage> digits = OfficialMnist.training(mnistDirectory);
            progress.report("reading the MNIST training digits for the digit judge", 1, 1);
            byte[] trained = DigitJudgeTraining.train(digits, progress);
            Files.createDirectories(cacheDirectory);
            Path temp = Files.createTempFile(cacheDirectory, "digit-judge", ".tmp");
            Files.write(temp, trained);
            Files.move(temp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return load(id, Files.readAllBytes(cached));
    }

    private static DigitJudge load(String id, byte[] parameterBytes) throws IOException {
        NDManager manager = NDManager.newBaseManager();
        Block net = DigitJudgeNet.build();
        net.initialize(manager, DataType.FLOAT32, DigitJudgeNet.input(1));
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameterBytes))) {
            net.loadParameters(manager, in);
        } catch (MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IOException("the cached digit judge does not fit its network: " + e.getMessage(), e);
        }
        return new DigitJudge(id, manager, net);
    }

    /** Names this judge in stored verdicts: {@code digit-judge-} and the hash of its recipe and training files. */
    public String id() {
        return id;
    }

    /** The judge's verdict on each image (any size {@link #FORMAT} can write: 14x14, or 28x28 which it shrinks). */
    public synchronized List<DigitJudgement> judge(List<DigitImage> images) {
        List<DigitJudgement> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += BATCH) {
            List<DigitImage> chunk = images.subList(from, Math.min(images.size(), from + BATCH));
            try (NDManager scope = manager.newSubManager()) {
                NDArray logits = net.forward(parameters, new NDList(batchOf(scope, chunk.stream().map(DigitJudge::pixels).toList())), false)
                        .singletonOrThrow();
                float[] probabilities = logits.softmax(1).toFloatArray();
                for (int i = 0; i < chunk.size(); i++) {
                    out.add(mostLikely(probabilities, i * DigitJudgeNet.CLASSES));
                }
            }
        }
        return out;
    }

    /** Verdicts on digits written as pixel text (what a decoder produced, drawn by {@link DigitText#read}). */
    public List<DigitJudgement> judgeTexts(List<String> digitTexts) {
        return judge(digitTexts.stream().map(FORMAT::read).toList());
    }

    /** Share of {@code digits} judged as their label. */
    public double accuracy(List<LabelledImage> digits) {
        List<DigitJudgement> verdicts = judge(digits.stream().map(LabelledImage::image).toList());
        long right = 0;
        for (int i = 0; i < digits.size(); i++) {
            right += Integer.toString(verdicts.get(i).digit()).equals(digits.get(i).label()) ? 1 : 0;
        }
        return right / (double) digits.size();
    }

    @Override
    public void close() {
        manager.close();
    }

    /** The image as the judge sees it: written as pixel text and drawn again (shrunk to 14x14, 64 levels). */
    static float[] pixels(DigitImage image) {
        return FORMAT.read(FORMAT.write(image)).pixels();
    }

    static NDArray batchOf(NDManager manager, List<float[]> images) {
        float[] flat = new float[images.size() * DigitJudgeNet.SIDE * DigitJudgeNet.SIDE];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, flat, i * images.get(i).length, images.get(i).length);
        }
        return manager.create(flat, DigitJudgeNet.input(images.size()));
    }

    private static DigitJudgement mostLikely(float[] probabilities, int offset) {
        int best = 0;
        for (int c = 1; c < DigitJudgeNet.CLASSES; c++) {
            if (probabilities[offset + c] > probabilities[offset + best]) {
                best = c;
            }
        }
        return new DigitJudgement(best, Math.min(1.0, probabilities[offset + best]));
    }

    /** Recipe and training files in one hash: retraining happens exactly when either changes. */
    private static String cacheKey(Path mnistDirectory) throws IOException {
        String recipeAndData = DigitJudgeTraining.RECIPE + " " + Sha256.of(mnistDirectory.resolve("train-images-idx3-ubyte"))
                + " " + Sha256.of(mnistDirectory.resolve("train-labels-idx1-ubyte"));
        return Sha256.of(recipeAndData.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }
}
