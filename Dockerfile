# syntax=docker/dockerfile:1
# descent: docker build -t descent . ; docker run -p 8080:8080 -v descent-data:/data -v descent-models:/models descent
# BASE_REGISTRY picks where the base images come from: a mirror, or (in CI, where no registry is reachable)
# locally made stand-ins under localhost/descent-ci.
ARG BASE_REGISTRY=docker.io/library

# Build stage: the Maven wrapper builds the jar (tests run in CI, not here). MAVEN_ARGS (read by Maven itself) and
# MAVEN_USER_HOME let CI build offline from a mounted local repository: --build-arg MAVEN_ARGS=-o ...
FROM ${BASE_REGISTRY}/eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
ARG MAVEN_ARGS=""
ARG MAVEN_USER_HOME=""
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp package -DskipTests \
    && cp target/descent-*.jar /src/descent.jar \
    && mkdir -p /out/data /out/models

# Runtime stage: a JRE on glibc (ND4J's natives need it), no package installs, a non-root user, the H2 data
# directory and the model store on volumes (replicas share the model store; the database is PostgreSQL then).
FROM ${BASE_REGISTRY}/eclipse-temurin:17-jre-jammy
WORKDIR /app
COPY --from=build --chown=10001:10001 /out/ /
COPY --from=build --chown=10001:10001 /src/descent.jar /app/descent.jar
USER 10001:10001
ENV DESCENT_DATA_DIR=/data \
    DESCENT_STORE_DIR=/models \
    SERVER_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/data", "/models"]
EXPOSE 8080
# Readiness over plain bash (no curl in the image): healthy once the server takes traffic. Six misses 20 s apart
# leave two minutes to start (no --start-period: dockerfilelint misreads it as --start).
HEALTHCHECK --interval=20s --timeout=5s --retries=6 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# Exec form: java is PID 1 and gets SIGTERM, so running jobs checkpoint and return to the queue on docker stop.
ENTRYPOINT ["java", "-jar", "/app/descent.jar"]
