package dev.ticktape.adapters.ibkr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's self-signed certificate, reproduced with a fresh self-signed key pair (JDK {@code keytool}) behind
 * an HTTPS server: refused by default, accepted only with the explicit truststore or the explicit insecure mode.
 */
class GatewayTlsIT {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static Path keystore;
    private static Path truststore;
    private static HttpsServer server;

    @BeforeAll
    static void startSelfSignedGateway() throws Exception {
        keystore = dir.resolve("gateway.p12");
        truststore = dir.resolve("trust.p12");
        Path cert = dir.resolve("gateway.crt");
        keytool(
                "-genkeypair",
                "-alias",
                "gateway",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        // What docs/options.md tells users to do with the gateway's certificate: export it, import it into a
        // truststore.
        keytool(
                "-exportcert",
                "-alias",
                "gateway",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-rfc",
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ibkr-gateway",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                PASSWORD);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(keystore.toFile())) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/v1/api/iserver/auth/status", ex -> {
            byte[] body =
                    "{\"authenticated\":true,\"competing\":false,\"connected\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop(0);
    }

    private static IbkrRest rest(GatewayTls tls) {
        String base = "https://127.0.0.1:" + server.getAddress().getPort() + "/v1/api";
        return new IbkrRest(IbkrConfig.defaults(base, List.of(), List.of(), tls));
    }

    @Test
    void theDefaultRefusesASelfSignedGateway() {
        assertThatThrownBy(() -> rest(GatewayTls.jdkDefault()).authStatus())
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX");
    }

    @Test
    void anExplicitTruststoreHoldingTheGatewayCertificateIsAccepted() throws Exception {
        assertThat(Files.exists(truststore)).isTrue();
        assertThat(rest(GatewayTls.truststore(truststore, PASSWORD))
                        .authStatus()
                        .authenticated())
                .isTrue();
    }

    @Test
    void theExplicitInsecureModeIsAccepted() throws Exception {
        assertThat(rest(GatewayTls.insecureLocalhost()).authStatus().authenticated())
                .isTrue();
    }
}
