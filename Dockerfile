# syntax=docker/dockerfile:1
# Chorus: one static binary on distroless, running as a non-root user.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/chorus ./cmd/chorus \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/chorus /chorus
# The embedded store's files, when CHORUS_MONGODB_URI is not set. Mount a
# volume here; in production point CHORUS_MONGODB_URI at a replica set.
COPY --from=build --chown=65532:65532 /out/data /data
ENV CHORUS_ADDR=0.0.0.0:8080 \
    CHORUS_DATA_DIR=/data \
    CHORUS_LOG_FORMAT=json
USER 65532:65532
# 9090: Prometheus metrics, served only when CHORUS_METRICS_ADDR is set
# (the Kubernetes manifests set 0.0.0.0:9090).
EXPOSE 8080 9090
VOLUME ["/data"]
ENTRYPOINT ["/chorus"]
CMD ["serve"]
