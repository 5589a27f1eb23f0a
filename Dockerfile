# Switchboard as a container image: the launcher distribution that ./switchboard runs (launcher/target/switchboard:
# switchboard.jar, lib/, system/, features/), on a Java 17 runtime. No build stage: assemble the distribution first,
#   mvn -B package -DskipTests        (or run ./switchboard once)
#   docker build -t switchboard:dev .
# One node per container; several containers with the same SWITCHBOARD_CLUSTER_URL form a cluster (docs/cluster.md).
FROM eclipse-temurin:17-jre

# an unprivileged user owning only the home (deploy folder, data, conf); the distribution stays read-only
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/switchboard --no-create-home switchboard \
    && mkdir -p /var/lib/switchboard && chown switchboard:switchboard /var/lib/switchboard && chmod 700 /var/lib/switchboard
COPY --chown=root:root launcher/target/switchboard/ /opt/switchboard/

ENV SWITCHBOARD_HOME=/var/lib/switchboard \
    SWITCHBOARD_BIND=0.0.0.0 \
    SWITCHBOARD_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
WORKDIR /var/lib/switchboard
VOLUME ["/var/lib/switchboard"]
EXPOSE 8080

# as ./switchboard does: files the host writes are private to it (umask 077); exec keeps java as PID 1's child-free
# process so SIGTERM (docker stop, a Kubernetes rollout) stops the framework cleanly and the node leaves the cluster
ENTRYPOINT ["/bin/sh", "-c", "umask 077 && exec java $JAVA_OPTS -jar /opt/switchboard/switchboard.jar \"$@\"", "switchboard"]
