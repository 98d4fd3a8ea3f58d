package dev.ticktape.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExposureCheckTest {
    @Test
    void loopbackNeedsNoToken() {
        assertThat(ExposureCheck.problem("127.0.0.1", null, false)).isEmpty();
        assertThat(ExposureCheck.problem("localhost", "", false)).isEmpty();
        assertThat(ExposureCheck.problem("::1", null, false)).isEmpty();
    }

    @Test
    void anyOtherAddressNeedsATokenOrInsecure() {
        assertThat(ExposureCheck.problem("0.0.0.0", null, false))
                .hasValueSatisfying(m -> assertThat(m).contains("0.0.0.0", "TICKTAPE_API_TOKEN", "--insecure"));
        assertThat(ExposureCheck.problem("10.1.2.3", "  ", false)).isPresent();
        assertThat(ExposureCheck.problem("0.0.0.0", "s3cret", false)).isEmpty();
        assertThat(ExposureCheck.problem("0.0.0.0", null, true)).isEmpty();
    }

    @Test
    void aServiceOnAllInterfacesWithoutATokenRefusesToStart(@TempDir Path dir) {
        assumeTrue(System.getenv("TICKTAPE_API_TOKEN") == null, "this JVM has TICKTAPE_API_TOKEN set");
        CliRun r = CliRun.of("persist", "--http-host", "0.0.0.0", "--data-dir", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("ticktape persist: --http-host 0.0.0.0 is reachable")
                .contains("--insecure")
                .hasLineCount(1);
    }
}
