package tvae.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {
    @Test
    void aLoopbackSocketIsSeenAsLoopbackAndAWildcardOneIsNot() throws IOException {
        try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket everywhere = new ServerSocket()) {
            everywhere.bind(new InetSocketAddress(0));

            assertEquals(Set.of("127.0.0.1"), ListeningSockets.addressesListeningOn(loopback.getLocalPort()));
            Set<String> wildcard = ListeningSockets.addressesListeningOn(everywhere.getLocalPort());
            assertEquals(1, wildcard.size(), wildcard.toString());
            assertTrue(InetAddress.getByName(wildcard.iterator().next()).isAnyLocalAddress(), wildcard.toString());
        }
        assertEquals(Set.of(), ListeningSockets.addressesListeningOn(1), "nothing listens on port 1 here");
    }
}
