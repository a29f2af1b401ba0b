# One image recipe for the three Quarkus services; SERVICE picks the module.
#   docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=trainer-service .
# Build the jars first on the host: ./mvnw -B package -DskipTests
FROM eclipse-temurin:17-jre
ARG SERVICE
RUN apt-get update && apt-get install -y --no-install-recommends curl python3 && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/tvae --create-home tvae
WORKDIR /app
COPY ${SERVICE}/target/quarkus-app/lib/ /app/lib/
COPY ${SERVICE}/target/quarkus-app/*.jar /app/
COPY ${SERVICE}/target/quarkus-app/app/ /app/app/
COPY ${SERVICE}/target/quarkus-app/quarkus/ /app/quarkus/
# glibc's allocator settings, the same file ./tvae exports (why: there and in docs/benchmarks.md).
COPY deploy/glibc-tunables /app/
# The service runs as an unprivileged user; it writes only under /var/lib/tvae (the Compose volumes).
USER 10001
ENV JAVA_OPTS="-Dai.djl.offline=true -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENTRYPOINT ["sh", "-c", "GLIBC_TUNABLES=\"${GLIBC_TUNABLES:-$(cat /app/glibc-tunables)}\" exec java $JAVA_OPTS -jar /app/quarkus-run.jar"]
