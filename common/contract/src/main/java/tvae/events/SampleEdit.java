package tvae.events;

/**
 * What an edit sample was asked to become: an input labelled {@code fromLabel} moved by {@code strength} × a direction
 * towards {@code toLabel} (learnt, or random of the same length), so a judge of the decoded output can say whether the
 * edit worked.
 */
public record SampleEdit(String fromLabel, String toLabel, EditDirection direction, double strength) {
    /** Past a few lengths of the direction the point is far outside the prior: nothing to measure there. */
    public static final double MAX_STRENGTH = 10;

    public SampleEdit {
        Require.text(fromLabel, "edit.fromLabel");
        Require.text(toLabel, "edit.toLabel");
        Require.present(direction, "edit.direction");
        Require.within(strength, -MAX_STRENGTH, MAX_STRENGTH, "edit.strength");
    }
}
