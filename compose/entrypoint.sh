#!/bin/sh
# Container entrypoint: the same as the ./ticktape launcher (java with TICKTAPE_JAVA_OPTS, then the jar's main class
# with the arguments), plus one thing containers need. Docker secrets arrive as files, but the venue adapters read
# their keys from environment variables: for each NAME below, NAME_FILE=/run/secrets/x sets NAME to that file's
# content, so no key is ever written into the compose file or shown by `docker inspect`.
set -eu
for name in POLYGON_API_KEY TASTYTRADE_REFRESH_TOKEN TASTYTRADE_CLIENT_SECRET IBKR_TRUSTSTORE_PASSWORD \
  TICKTAPE_API_TOKEN; do
  eval "file=\${${name}_FILE:-}"
  if [ -n "$file" ]; then
    value="$(cat "$file")"
    export "$name=$value"
  fi
done
# exec: java becomes PID 1 and gets SIGTERM itself, so `docker stop` drains open bars (--drain-timeout).
# shellcheck disable=SC2086 # TICKTAPE_JAVA_OPTS is a list of JVM flags, split on purpose.
exec java ${TICKTAPE_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:MaxDirectMemorySize=256m} \
  -jar /opt/ticktape/ticktape-app.jar "$@"
