package tvae.digit;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** A grey-scale image, row by row, each pixel an intensity in [0, 1] (0 = background, 1 = full ink, as in MNIST). */
public final class DigitImage {
    /** A pixel this bright counts as ink for {@link #isBlank()}. */
    public static final float INK = 0.5f;

    private final int width;
    private final int height;
    private final float[] pixels;

    public DigitImage(int width, int height, float[] pixels) {
        if (width < 1 || height < 1 || pixels.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + width * height
                    + " pixels, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels.clone();
        for (int i = 0; i < this.pixels.length; i++) {
            this.pixels[i] = Math.max(0f, Math.min(1f, this.pixels[i]));
        }
    }

    public static DigitImage blank(int width, int height) {
        return new DigitImage(width, height, new float[width * height]);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public float pixel(int x, int y) {
        return pixels[y * width + x];
    }

    /** Every intensity, row by row (a copy): the image as a feature vector. */
    public float[] pixels() {
        return pixels.clone();
    }

    /** Mean of each {@code factor x factor} block: 28x28 MNIST becomes the seed's 14x14 with factor 2. */
    public DigitImage downsample(int factor) {
        if (factor < 1 || width % factor != 0 || height % factor != 0) {
            throw new IllegalArgumentException("cannot shrink " + width + "x" + height + " by " + factor);
        }
        int w = width / factor;
        int h = height / factor;
        float[] out = new float[w * h];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[(y / factor) * w + x / factor] += pixel(x, y);
            }
        }
        float area = factor * factor;
        for (int i = 0; i < out.length; i++) {
            out[i] /= area;
        }
        return new DigitImage(w, h, out);
    }

    /** The seed's validity check for a generated digit: it is valid when it is not blank (some pixel has ink). */
    public boolean isBlank() {
        for (float p : pixels) {
            if (p >= INK) {
                return false;
            }
        }
        return true;
    }

    /** White ink on black as in MNIST, each pixel drawn as a {@code scale x scale} square. */
    public BufferedImage toBufferedImage(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, was " + scale);
        }
        BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                int grey = Math.round(pixel(x / scale, y / scale) * 255);
                image.getRaster().setSample(x, y, 0, grey);
            }
        }
        return image;
    }

    public byte[] png(int scale) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(toBufferedImage(scale), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DigitImage that && width == that.width && height == that.height
                && Arrays.equals(pixels, that.pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "DigitImage[" + width + "x" + height + "]";
    }
}
