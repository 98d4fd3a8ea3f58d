package dev.ticktape.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.app.http.HttpEdge;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerTokenTest {
    private static HttpEdge.Request with(String authorization) {
        return new HttpEdge.Request("POST", Map.of(), Map.of("Authorization", authorization), new byte[0]);
    }

    @Test
    void theSchemeIsCaseInsensitiveAndTheTokenIsNot() {
        BearerToken token = BearerToken.of("s3cret");
        assertThat(token.refuse(with("Bearer s3cret"))).isNull();
        assertThat(token.refuse(with("bearer s3cret"))).isNull();
        assertThat(token.refuse(with("BEARER s3cret"))).isNull();
        assertThat(token.refuse(with("Bearer S3CRET")).status()).isEqualTo(401);
        assertThat(token.refuse(with("Basic s3cret")).status()).isEqualTo(401);
        assertThat(token.refuse(with("Bearer")).status()).isEqualTo(401);
    }
}
