# syntax=docker/dockerfile:1
# Partner Central for Slack. Node runs the TypeScript sources as they are (type stripping): no build step.
# test/deploy/production-install.test.ts installs and starts the app as these steps do.
ARG NODE_VERSION=24.21.0

# Production dependencies only, from the lockfile.
FROM node:${NODE_VERSION}-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data \
    NODE_COMPILE_CACHE=/data/.node-compile-cache
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
# The image's only writable place: the embedded database and Node's compile cache.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# On SIGTERM (the default stop signal) the app drains work in flight for up to 15 s. ECS waits 30 s before
# SIGKILL (StopTimeout in deploy/app.yaml); Docker waits 10 s unless run with --stop-timeout 30 (README).
CMD ["node", "--max-semi-space-size=4", "src/main.ts"]
