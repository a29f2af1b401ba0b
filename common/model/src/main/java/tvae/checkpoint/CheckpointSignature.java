package tvae.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Ed25519 signatures over a checkpoint's manifest. The signed bytes are {@code manifest.json} exactly as stored in the
 * zip (behind a domain prefix), not a re-serialisation, so there is no canonical form to get wrong; since the manifest
 * lists the sha256 and size of every other file, the signature covers the weights, tokenizer and state too.
 * Keys travel as base64 of {@code getEncoded()}: PKCS#8 for the private key, X.509 for the public one.
 */
public final class CheckpointSignature {
    public static final String ALGORITHM = "Ed25519";
    /** Old and new during a rotation, with room to spare; a longer list is a mistake, not a rotation. */
    public static final int MAX_TRUSTED_KEYS = 4;
    /** Ties a signature to this use: a signature made for anything else never verifies as a checkpoint's. */
    private static final byte[] DOMAIN = "tvae checkpoint manifest v1\n".getBytes(StandardCharsets.US_ASCII);

    private CheckpointSignature() {
    }

    public static KeyPair generateKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 has Ed25519", e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] manifestBytes) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(DOMAIN);
            signature.update(manifestBytes);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    public static boolean verify(PublicKey key, byte[] manifestBytes, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(DOMAIN);
            signature.update(manifestBytes);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature is a wrong one
        }
    }

    /** @param setting the configuration key the text came from, named in the error */
    public static PrivateKey privateKey(String base64, String setting) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(decode(base64, setting)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException(setting + " is not an Ed25519 private key (base64 of its PKCS#8 encoding): "
                    + e.getMessage(), e);
        }
    }

    /**
     * The keys a verifier trusts, from a comma-separated list of public keys: a signing key is rotated by trusting the
     * new key beside the old one, moving the trainer to the new key, then dropping the old one.
     * @param setting the configuration key the text came from, named in the error
     */
    public static List<PublicKey> publicKeys(String commaSeparated, String setting) {
        List<String> texts = commaSeparated == null ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(setting + " is not set");
        }
        if (texts.size() > MAX_TRUSTED_KEYS) {
            throw new IllegalArgumentException(setting + " lists " + texts.size() + " keys, at most " + MAX_TRUSTED_KEYS
                    + " are trusted at once");
        }
        List<PublicKey> keys = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            keys.add(publicKey(texts.get(i), texts.size() == 1 ? setting : setting + " (key " + (i + 1) + ")"));
        }
        return List.copyOf(keys);
    }

    /** @param setting the configuration key the text came from, named in the error */
    public static PublicKey publicKey(String base64, String setting) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(decode(base64, setting)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException(setting + " is not an Ed25519 public key (base64 of its X.509 encoding): "
                    + e.getMessage(), e);
        }
    }

    /**
     * A key a service cannot start without, from its setting: missing or unusable, it is an IllegalStateException
     * (which stops a Quarkus start-up) that names the setting, its environment variable and {@code why} it is needed.
     * @param parse {@link #privateKey} or {@link #publicKey}
     */
    public static <K> K required(Optional<String> text, String setting, String why, BiFunction<String, String, K> parse) {
        String variable = setting.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        String base64 = text.filter(t -> !t.isBlank()).orElseThrow(() ->
                new IllegalStateException(setting + " (environment " + variable + ") is not set: " + why));
        try {
            return parse.apply(base64, setting);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static String encode(java.security.Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    private static byte[] decode(String base64, String setting) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException(setting + " is not set");
        }
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not base64: " + e.getMessage(), e);
        }
    }

    /** Prints a fresh key pair: {@code java -cp ... tvae.checkpoint.CheckpointSignature}. */
    public static void main(String[] args) {
        KeyPair pair = generateKeyPair();
        System.out.println("TVAE_CHECKPOINT_SIGNING_KEY=" + encode(pair.getPrivate()));
        System.out.println("TVAE_CHECKPOINT_VERIFY_KEY=" + encode(pair.getPublic()));
    }
}
