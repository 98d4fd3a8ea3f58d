package dev.ticktape.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy in front of a real line-echo server: forwards, cuts and refuses during an outage, recovers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpProxyTest {
    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread h = new Thread(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException e) {
                            // client went away
                        }
                    });
                    h.setDaemon(true);
                    h.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = new TcpProxy("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private static String roundTrip(Socket s, String line) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    @Test
    void forwardsBothWays() throws IOException {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
        }
        assertThat(proxy.forwarded()).isEqualTo(1);
    }

    @Test
    void anOutageCutsOpenConnectionsRefusesNewOnesAndEnds() throws IOException {
        Socket before = new Socket("127.0.0.1", proxy.port());
        assertThat(roundTrip(before, "one")).isEqualTo("one");
        assertThat(proxy.cut()).isEqualTo(1);
        assertThat(before.getInputStream().read())
                .as("cut connection reads EOF")
                .isEqualTo(-1);
        before.close();
        try (Socket during = new Socket("127.0.0.1", proxy.port())) {
            assertThat(during.getInputStream().read())
                    .as("refused: closed on accept")
                    .isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.refused() == 1);
        proxy.restore();
        try (Socket after = new Socket("127.0.0.1", proxy.port())) {
            assertThat(roundTrip(after, "two")).isEqualTo("two");
        }
    }
}
