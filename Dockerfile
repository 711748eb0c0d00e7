# syntax=docker/dockerfile:1
# Build stage: the Maven wrapper builds the jar (tests run in CI, not here).
FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -ntp -o package -DskipTests && cp target/descent-*.jar /src/descent.jar

# Runtime stage: a JRE on glibc (ND4J's natives need it), a non-root user, data on a volume.
FROM eclipse-temurin:17-jre-jammy
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system descent && useradd --system --gid descent --home-dir /app descent \
    && mkdir -p /app /data && chown descent:descent /app /data
WORKDIR /app
COPY --from=build --chown=descent:descent /src/descent.jar /app/descent.jar
USER descent
ENV DESCENT_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60"
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-jar", "/app/descent.jar"]
