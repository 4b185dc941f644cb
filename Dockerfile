# The portal's production image: Python 3.12 with WeasyPrint's Pango, the front-end
# assets built with npm from the registry, and static files collected for whitenoise.
# Served by granian (docs/adr/0001-wsgi-server.md). docker-compose.yml runs it.

# --- the front-end assets: GOV.UK Frontend compiled with Sass -------------------------
FROM node:22-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend/ frontend/
COPY scripts/build-assets.mjs scripts/
RUN npm run --silent build

# --- the application ------------------------------------------------------------------
FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# Pango and HarfBuzz for WeasyPrint; DejaVu so PDFs have a font; postgresql-client
# and redis-tools for operators' checks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
       postgresql-client redis-tools \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 portal
WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN pip install .

COPY --chown=portal:portal . .
COPY --from=assets --chown=portal:portal /build/assets/ assets/
# collectstatic needs settings, not secrets: a throwaway key and mailer for this one step.
RUN SECRET_KEY=collectstatic-only DEBUG=false EMAIL_URL=locmem:// python manage.py collectstatic --noinput \
    && mkdir -p var media && chown -R portal:portal var media staticfiles

USER portal
EXPOSE 8000
CMD ["granian", "--interface", "wsgi", "--host", "0.0.0.0", "--port", "8000", \
     "--workers", "2", "--blocking-threads", "4", "compact_portal.wsgi:application"]
