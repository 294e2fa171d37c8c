# samen: one image for web (gunicorn), worker and beat (Celery). The same install as
# `make setup`: the locked Python packages, the npm packages the pages load, Pango and a font
# for the PDF letters. Build: `docker build -t samen .`; run: see compose.yaml and
# docs/operations.md.

FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
# Only the runtime packages (NL Design System CSS, htmx); the test tools stay out.
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /home/samen samen
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY samen ./samen
COPY gunicorn.conf.py ./
RUN pip install -c requirements.lock -e .
COPY --from=frontend /app/node_modules ./node_modules
# Static files are collected and hashed at build time with throwaway keys: the running
# container gets its own keys from the environment and refuses to start without them.
RUN SAMEN_ENV=production \
    DJANGO_SECRET_KEY=build-only-build-only-build-only-build-only \
    SAMEN_AUDIT_KEY=build-only-build-only-build-only-build-only \
    SAMEN_AUDIT_CHECKPOINT_DIR=/tmp/checkpoints \
    samen collectstatic --noinput \
    && rm -rf /tmp/checkpoints
USER samen
ENV SAMEN_ENV=production
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "samen.wsgi"]
