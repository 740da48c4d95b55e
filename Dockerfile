# syntax=docker/dockerfile:1
# Container images of anaplan-grpc (see docs/deploy.md):
#   docker build -t anaplan-grpc .                          # target service
#   docker build --target emulator -t anaplan-emulator .    # the emulator
# Both run as uid 65532 on debian:12-slim with only the runtime libraries;
# scripts/check-runtime-libs.sh proves the apt lists below are complete.

# --- builder: the project's own dependency and build scripts -------------
FROM debian:12 AS builder
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN bash scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*
COPY . .
ENV ANAPLAN_BUILD_DIR=/build \
    ANAPLAN_BUILD_TYPE=Release \
    ANAPLAN_CMAKE_ARGS="-DANAPLAN_BUILD_TESTS=OFF -DANAPLAN_BUILD_BENCH=OFF" \
    CCACHE_DIR=/ccache
RUN --mount=type=cache,target=/ccache \
    bash scripts/build.sh anaplan-grpc-server anaplan-emulator \
 && install -D -s -m 0755 /build/service/anaplan-grpc-server /out/anaplan-grpc-server \
 && install -D -s -m 0755 /build/emulator/anaplan-emulator /out/anaplan-emulator

# --- grpc_health_probe: exec probes (clusters without native gRPC probes,
# TLS on the gRPC port) and the chart's `helm test` Pod ---------------------
FROM golang:1.26-bookworm AS health-probe
ARG GRPC_HEALTH_PROBE_VERSION=v0.4.63
RUN CGO_ENABLED=0 GOBIN=/out \
    go install -trimpath -ldflags="-s -w" \
    "github.com/grpc-ecosystem/grpc-health-probe@${GRPC_HEALTH_PROBE_VERSION}"

# --- runtime: shared libraries only, no compiler, no package cache --------
FROM debian:12-slim AS runtime
# Keep in step with the binaries' DT_NEEDED entries (check-runtime-libs.sh).
# ca-certificates: libcurl's trust store for HTTPS to Anaplan.
# libcpp-httplib0.11: the server's /metrics endpoint and the emulator. Versions are
# not pinned: the SONAME is in each package name, and a rebuild should pick
# up bookworm's security updates.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates \
      libabsl20220623 \
      libcpp-httplib0.11 \
      libcurl4 \
      libdeflate0 \
      libgrpc++1.51 \
      libgrpc29 \
      libprotobuf32 \
      libssl3 \
      zlib1g \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 65532 anaplan \
 && useradd --system --uid 65532 --gid 65532 --home-dir /nonexistent \
      --no-create-home --shell /usr/sbin/nologin anaplan
COPY --from=health-probe /out/grpc-health-probe /usr/local/bin/grpc_health_probe
WORKDIR /tmp

# --- emulator: a local Anaplan stand-in for CI and staging ----------------
FROM runtime AS emulator
COPY --from=builder /out/anaplan-emulator /usr/local/bin/anaplan-emulator
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["anaplan-emulator", "--host=0.0.0.0", "--port=8080"]

# --- service (default target): the gRPC server ----------------------------
FROM runtime AS service
COPY --from=builder /out/anaplan-grpc-server /usr/local/bin/anaplan-grpc-server
USER 65532:65532
# Every flag has an ANAPLAN_GRPC_* variable; a container serves all
# interfaces. With Anaplan credentials the server also needs caller
# authentication (TLS client CA or --caller_auth_file) or
# --allow_insecure_non_loopback: see docs/deploy.md.
ENV ANAPLAN_GRPC_LISTEN=0.0.0.0:50051
EXPOSE 50051
ENTRYPOINT ["anaplan-grpc-server"]
