package tvae.events;

/** One decoded point of an interpolation: the mixing ratio and the decoded sequence. */
public record InterpolationPoint(double ratio, String text) {
    public InterpolationPoint {
        Require.within(ratio, 0, 1, "points[].ratio");
        Require.present(text, "points[].text");
    }
}
