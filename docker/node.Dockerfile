# An Agora node on the CPU build: `./mvnw -pl launcher -am package -DskipTests` first (makes launcher/target/agora.jar).
FROM eclipse-temurin:17-jre
WORKDIR /opt/agora
COPY launcher/target/agora.jar /opt/agora/agora.jar
VOLUME /var/lib/agora
EXPOSE 8080 25520
ENTRYPOINT ["java", "-XX:+UseG1GC", "-jar", "/opt/agora/agora.jar", "node", "--data-dir", "/var/lib/agora"]
