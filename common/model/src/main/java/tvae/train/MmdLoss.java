package tvae.train;

import ai.djl.ndarray.NDArray;
import tvae.engine.Scalars;
import tvae.events.MmdKernel;

/**
 * Maximum mean discrepancy between the latent codes and samples of N(0, I): every latent token of the batch is one
 * sample (B·L vectors). Kernels: RBF {@code exp(−|x−y|² / (2·d))} (the seed's Gaussian; bandwidth d keeps it
 * informative at the distances N(0, I) samples have) or inverse multiquadric {@code C / (C + |x−y|²)}, C = 2·d (WAE).
 */
final class MmdLoss {
    private final MmdKernel kernel;

    MmdLoss(MmdKernel kernel) {
        this.kernel = kernel;
    }

    /** codes (N, d), prior samples (M, d) -> scalar MMD² estimate (biased, like the seed's) */
    NDArray forward(NDArray codes, NDArray prior) {
        return kernel(codes, codes).mean().add(kernel(prior, prior).mean()).sub(Scalars.times(kernel(codes, prior).mean(), 2));
    }

    /** (N, d), (M, d) -> (N, M) */
    private NDArray kernel(NDArray x, NDArray y) {
        float dim = x.getShape().get(1);
        NDArray xx = x.square().sum(new int[] {1}, true);                   // (N, 1)
        NDArray yy = y.square().sum(new int[] {1}, true).transpose();       // (1, M)
        NDArray distances = Scalars.atLeast(xx.add(yy).sub(Scalars.times(x.matMul(y.transpose()), 2)), 0);
        return switch (kernel) {
            case RBF -> Scalars.dividedBy(distances, -2f * dim).exp();
            case IMQ -> Scalars.over(2f * dim, distances.add(2f * dim));
        };
    }
}
