# One image for every ticktape service; the command picks the service (compose/compose.yaml, docs/deploy.md):
#   docker build -t ticktape:local .
#   docker run --rm ticktape:local --help

# --- build: the executable jar, exactly as ./ticktape builds it ---
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The Maven repository is a BuildKit cache mount: dependencies are downloaded once and reused by every later build,
# whatever changed in the sources (a POM-only layer cannot be pre-resolved here: the modules depend on each other's
# SNAPSHOTs, which exist only inside the reactor). Tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -Dspotless.check.skip=true -pl app -am package

# --- runtime: a JRE on glibc (DuckDB's and RocksDB's native libraries need glibc, so no Alpine/musl) ---
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 ticktape \
    && useradd --system --uid 10001 --gid ticktape --home-dir /var/lib/ticktape --no-create-home \
        --shell /usr/sbin/nologin ticktape \
    && mkdir -p /var/lib/ticktape /opt/ticktape \
    && chown ticktape:ticktape /var/lib/ticktape
COPY --from=build /src/app/target/ticktape-app.jar /opt/ticktape/ticktape-app.jar
COPY compose/entrypoint.sh /opt/ticktape/entrypoint.sh
# A named volume mounted on /var/lib/ticktape starts with this directory's owner, so the service can write to it.
ENV TICKTAPE_DATA_DIR=/var/lib/ticktape
WORKDIR /var/lib/ticktape
USER ticktape
# NDJSON gateway, then the HTTP edges: persist 8080, gateway 8081, streams 8082, adapters 8083-8086.
EXPOSE 9009 8080 8081 8082 8083 8084 8085 8086
# `ticktape health` asks this container's own HTTP edge (TICKTAPE_HTTP_PORT, as the service reads it) for /health:
# the JRE image is not promised to carry curl or wget, and the jar needs neither. A small heap and the C1 compiler
# keep the probe's JVM short-lived and cheap.
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=3 \
    CMD ["java", "-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "/opt/ticktape/ticktape-app.jar", "health"]
ENTRYPOINT ["/opt/ticktape/entrypoint.sh"]
CMD ["--help"]
