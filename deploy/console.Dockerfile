# The care console's image (docs/operations/console.md): Spring Boot's executable jar on the Java 17 of the job's base
# image, so one base image is kept patched for all three (compose runs the console on that image too). Build from
# the repository root after `mvn package`:
#   docker build -f deploy/console.Dockerfile -t heartbeat-console:0.1.0 .
# Inside a container it must listen beyond loopback (HEARTBEAT_CONSOLE_ADDRESS=0.0.0.0); publish the port on
# loopback or behind TLS.
FROM apache/flink:2.2.1-java17

# Owned by root, readable by the user below.
COPY console/target/heartbeat-console.jar /opt/heartbeat/heartbeat-console.jar

# The image's flink user, by number so Kubernetes can check runAsNonRoot; not Flink's entrypoint script.
USER 9999:9999
ENTRYPOINT ["java", "-jar", "/opt/heartbeat/heartbeat-console.jar"]
