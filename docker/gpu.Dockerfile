# A `gpu` node: inference actors on CUDA. ONNX Runtime 1.29's CUDA provider needs CUDA 12.x and cuDNN 9.x, which
# this base image carries. Build the jar with the CUDA runtime first:
#   ./mvnw -Pcuda -pl launcher -am package -DskipTests      (launcher/target/agora.jar, ~0.7 GB)
# The GPU jar extracts its 583 MB provider library on every start unless it finds it already extracted:
# the image extracts it once at build time into /opt/agora/native and points onnxruntime.native.path there.
FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends openjdk-17-jre-headless unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/agora
COPY launcher/target/agora.jar /opt/agora/agora.jar
RUN mkdir -p native \
    && unzip -j -o agora.jar 'ai/onnxruntime/native/linux-x64/*' -d native \
    && test -f native/libonnxruntime_providers_cuda.so
ENV JAVA_TOOL_OPTIONS="-Donnxruntime.native.path=/opt/agora/native"
VOLUME /var/lib/agora
EXPOSE 25520
# CUDA must load: `cuda` fails clearly when it does not (use `auto` to fall back to the CPU with a warning).
ENTRYPOINT ["java", "-Dagora.inference.provider=cuda", "-jar", "/opt/agora/agora.jar", "node", "--data-dir", "/var/lib/agora"]
CMD ["--roles", "gpu"]
