package tvae.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Port choice for the local stack: 0 means "any free port", a taken port is a clear error, not a hang. */
final class Ports {
    private Ports() {
    }

    static int resolve(int requested, String what) {
        if (requested == 0) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free port for " + what, e);
            }
        }
        if (ManagedProcess.isListening(requested)) {
            throw new IllegalStateException("port " + requested + " for " + what + " is already taken by another process; "
                    + "stop it or choose another port");
        }
        return requested;
    }
}
