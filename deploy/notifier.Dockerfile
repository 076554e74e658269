# The notifier's image for Kubernetes (deploy/kubernetes/base/notifier-deployment.yaml): the shaded
# notifier jar on the Java 17 of the job's base image, so one base image is kept patched for both (compose
# runs the notifier on that image too). Build from the repository root after `mvn package`:
#   docker build -f deploy/notifier.Dockerfile -t heartbeat-notifier:0.1.0 .
FROM apache/flink:2.2.1-java17

# Owned by root, readable by the user below.
COPY notifier/target/heartbeat-notifier.jar /opt/heartbeat/heartbeat-notifier.jar

# The image's flink user, by number so Kubernetes can check runAsNonRoot; not Flink's entrypoint script.
USER 9999:9999
ENTRYPOINT ["java", "-jar", "/opt/heartbeat/heartbeat-notifier.jar"]
