package tvae.judge;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import tvae.data.LabelledImage;
import tvae.data.PreparationProgress;

/**
 * How the judge is trained: DJL's trainer with Adam and softmax cross-entropy over the official training digits, a
 * fixed seed and shuffle, a fixed number of epochs. Changing any of it changes {@link #RECIPE}, so a cached judge of
 * another recipe is never reused.
 */
final class DigitJudgeTraining {
    static final String RECIPE = "lenet-32-64-128/adam-1e-3-then-1e-4/batch-128/epochs-5/seed-7/v1";
    private static final int EPOCHS = 5;
    /** The last epoch runs at a tenth of the rate: it settles the weights (worth about half a point of accuracy). */
    private static final int FULL_RATE_EPOCHS = EPOCHS - 1;
    private static final int BATCH = 128;
    private static final float LEARNING_RATE = 1e-3f;
    private static final int SEED = 7;

    private DigitJudgeTraining() {
    }

    /** Trains a judge on {@code digits} and returns its parameters as DJL writes them. */
    static byte[] train(List<LabelledImage> digits, PreparationProgress progress) throws IOException {
        Engine.getInstance().setRandomSeed(SEED);
        float[][] pixels = digits.stream().map(d -> DigitJudge.pixels(d.image())).toArray(float[][]::new);
        int[] labels = digits.stream().mapToInt(d -> Integer.parseInt(d.label())).toArray();
        int batches = (digits.size() + BATCH - 1) / BATCH;
        Tracker rate = update -> update < FULL_RATE_EPOCHS * batches ? LEARNING_RATE : LEARNING_RATE / 10;
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(rate).build());
        try (Model model = Model.newInstance("digit-judge")) {
            model.setBlock(DigitJudgeNet.build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(DigitJudgeNet.input(BATCH));
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < digits.size(); i++) {
                    order.add(i);
                }
                Random shuffle = new Random(SEED);
                String stage = "training the digit judge on " + digits.size() + " digits, " + EPOCHS + " epochs";
                progress.report(stage, 0, (long) EPOCHS * batches);
                for (int epoch = 0; epoch < EPOCHS; epoch++) {
                    Collections.shuffle(order, shuffle);
                    for (int b = 0; b < batches; b++) {
                        List<Integer> batch = order.subList(b * BATCH, Math.min(digits.size(), (b + 1) * BATCH));
                        step(trainer, pixels, labels, batch);
                        progress.report(stage, (long) epoch * batches + b + 1, (long) EPOCHS * batches);
                    }
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                model.getBlock().saveParameters(out);
            }
            return bytes.toByteArray();
        }
    }

    private static void step(Trainer trainer, float[][] pixels, int[] labels, List<Integer> batch) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = DigitJudge.batchOf(scope, batch.stream().map(i -> pixels[i]).toList());
            NDArray y = scope.create(batch.stream().mapToInt(i -> labels[i]).toArray());
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                collector.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(logits)));
            }
            trainer.step();
        }
    }
}
