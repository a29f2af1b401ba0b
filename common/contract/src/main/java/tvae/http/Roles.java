package tvae.http;

/**
 * The two roles of every service's HTTP API (users and keys: common's META-INF/microprofile-config.properties).
 * The operator holds both roles, so a read endpoint names {@link #VIEWER} alone.
 */
public final class Roles {
    /** Changes state (runs, the served model) and uses the model (interpolate, encode, decode). */
    public static final String OPERATOR = "operator";
    /** Reads only: run and model listings, the dashboard and its API. */
    public static final String VIEWER = "viewer";

    private Roles() {
    }
}
