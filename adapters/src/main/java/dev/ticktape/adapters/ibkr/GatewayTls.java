package dev.ticktape.adapters.ibkr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How the adapter trusts the Client Portal gateway's certificate, which is self-signed. The default is the JDK
 * trust store, which refuses it: trusting the gateway takes an explicit truststore holding its certificate
 * ({@code --gateway-truststore}) or an explicit opt-out of verification ({@code --insecure-gateway-tls}, for a
 * gateway on localhost only).
 *
 * @param truststore         PKCS12/JKS file with the gateway certificate, or null
 * @param truststorePassword its password (may be null)
 * @param insecure           accept any certificate
 */
public record GatewayTls(Path truststore, String truststorePassword, boolean insecure) {
    public GatewayTls {
        if (insecure && truststore != null)
            throw new IllegalArgumentException("choose a truststore or insecure TLS, not both");
    }

    public static GatewayTls jdkDefault() {
        return new GatewayTls(null, null, false);
    }

    public static GatewayTls truststore(Path file, String password) {
        return new GatewayTls(file, password, false);
    }

    public static GatewayTls insecureLocalhost() {
        return new GatewayTls(null, null, true);
    }

    /** The SSL context for both the REST client and the WebSocket. */
    public SSLContext sslContext() {
        try {
            if (!insecure && truststore == null) return SSLContext.getDefault();
            TrustManager[] managers;
            if (insecure) {
                managers = new TrustManager[] {new TrustAll()};
            } else {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                try (InputStream in = Files.newInputStream(truststore)) {
                    ks.load(in, truststorePassword == null ? null : truststorePassword.toCharArray());
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                managers = tmf.getTrustManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, managers, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up gateway TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return insecure ? "insecure" : truststore == null ? "jdk-default" : "truststore " + truststore;
    }

    /** Accepts every certificate: only behind the explicit insecure option. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
