package dev.ticktape.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** docs/testkit.md shows TestkitExampleIT verbatim: the documented example is the one the build runs. */
class TestkitDocsTest {
    @Test
    @Timeout(10)
    void theDocumentedExampleIsTheTestedOne() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "testkit.md"), StandardCharsets.UTF_8);
        String source = Files.readString(
                Path.of("src", "test", "java", "dev", "ticktape", "testkit", "TestkitExampleIT.java"),
                StandardCharsets.UTF_8);
        String example = doc.substring(doc.indexOf("```java\n") + "```java\n".length());
        example = example.substring(0, example.indexOf("```"));
        assertThat(source.substring(source.indexOf("class TestkitExampleIT"))).isEqualTo(example);
    }
}
