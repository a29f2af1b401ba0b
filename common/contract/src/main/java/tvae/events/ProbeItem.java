package tvae.events;

/** One labelled text of the probe set and its latent code (all latent tokens, flattened). */
public record ProbeItem(String text, String label, float[] latent) {
    public ProbeItem {
        Require.present(text, "items[].text");
        Require.text(label, "items[].label");
        if (Require.present(latent, "items[].latent").length == 0) {
            throw new InvalidEventException("field 'items[].latent' must not be empty");
        }
    }
}
