# syntax=docker/dockerfile:1
# veille: news-monitoring bot. Build: docker build -t veille .  Run: see README "Docker".
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
COPY tsconfig.json tsconfig.build.json ./
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
# veille finishes the deliveries in flight and closes its database on SIGTERM.
STOPSIGNAL SIGTERM
CMD ["node", "dist/cli.js", "run"]
