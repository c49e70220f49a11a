# syntax=docker/dockerfile:1
# veille: news-monitoring bot. Build: docker build -t veille .  Run: docker compose up -d
# (compose.yaml), or see docs/operations.md.
ARG NODE_VERSION=26

# --- build: compile TypeScript, build the native SQLite binding, then drop dev dependencies ---
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches this Node.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json bundle-bin.mjs ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# --- runtime: production dependencies and compiled code only, non-root ---
FROM node:${NODE_VERSION}-slim
ENV NODE_ENV=production \
    VEILLE_CONFIG=/app/feeds \
    VEILLE_DB=/data/veille.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY feeds ./feeds
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# /healthz (liveness), /readyz (a cycle finished recently), /metrics (Prometheus text format).
EXPOSE 8080
# Slim images have no curl: node asks /healthz itself. Anything but a 2xx within 4 s is a failure.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# veille finishes the deliveries in flight, closes the endpoint and its database on SIGTERM, exit 0.
STOPSIGNAL SIGTERM
# --http-host 0.0.0.0: reachable through the published port (the host side decides who may connect).
CMD ["node", "dist/cli.cjs", "run", "--http", "8080", "--http-host", "0.0.0.0"]
