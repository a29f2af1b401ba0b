package tvae.events;

/** Why a sequence was decoded. */
public enum SampleKind {
    RECONSTRUCTION, INTERPOLATION, REQUEST,
    /** An input moved along a semantic (or random) direction: {@link SampleEdit} says which. */
    EDIT
}
