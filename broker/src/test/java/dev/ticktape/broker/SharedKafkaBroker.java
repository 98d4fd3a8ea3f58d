package dev.ticktape.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: one in-process KRaft broker per test JVM, started on first use and stopped when the JVM's
 * tests finish. Tests isolate themselves with fresh topic names ({@link #uniqueName}) and group/application ids.
 *
 * <pre>{@code @ExtendWith(SharedKafkaBroker.class) class MyIT { ... SharedKafkaBroker.bootstrapServers() ... }}</pre>
 */
public final class SharedKafkaBroker implements BeforeAllCallback {
    private static final Object LOCK = new Object();
    private static Holder holder;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LOCK) {
            if (holder == null) {
                holder = new Holder();
                // Stored in the root context so JUnit closes it once, after the last test class.
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedKafkaBroker.class, holder);
            }
        }
    }

    public static String bootstrapServers() {
        synchronized (LOCK) {
            if (holder == null)
                throw new IllegalStateException("annotate the test with @ExtendWith(SharedKafkaBroker.class)");
            return holder.broker.bootstrapServers();
        }
    }

    /** A name unique to this JVM run, for topics, groups and application ids. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static void createTopics(Collection<String> topics, int partitions) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> nt = topics.stream()
                    .map(t -> new NewTopic(t, Optional.of(partitions), Optional.empty()))
                    .toList();
            admin.createTopics(nt).all().get();
            TopicReadiness.await(admin, topics, java.time.Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "topic creation failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static final class Holder implements AutoCloseable {
        final Path dir;
        final EmbeddedKafkaBroker broker;

        Holder() {
            try {
                dir = Files.createTempDirectory("ticktape-test-kafka");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(dir));
        }

        @Override
        public void close() {
            broker.close();
            deleteRecursively(dir);
        }

        private static void deleteRecursively(Path root) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp dir: best effort
            }
        }
    }
}
