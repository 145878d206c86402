# syntax=docker/dockerfile:1
# Partner Central for Slack. Node runs the TypeScript sources as they are (type stripping): no build step.
# test/deploy/production-install.test.ts installs and starts the app as these steps do.
ARG NODE_VERSION=24.21.0

# Production dependencies only, from the lockfile.
FROM node:${NODE_VERSION}-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

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
# The app drains work in flight on SIGTERM, within ECS's and Docker's default 30 s before SIGKILL.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=4", "src/main.ts"]
