# ShowUp in a container: `showup serve` by default; compose.yaml also runs `migrate` and
# `worker` from this image. Dependencies come from the lock (requirements.txt), then ShowUp
# itself without dependencies, so the image runs exactly the versions the lock names.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md app.py settings.py scheduling.py launch.py startup.py ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore
COPY requirements.txt /tmp/requirements.txt
RUN pip install --requirement /tmp/requirements.txt && rm /tmp/requirements.txt
COPY --from=build /wheels /tmp/wheels
RUN pip install --no-deps /tmp/wheels/*.whl && rm -r /tmp/wheels

# ShowUp runs as its own user; /data is its working folder (a SQLite database and exports
# land there when DATABASE_URL is left at sqlite:///showup.db).
RUN useradd --uid 10001 --home-dir /data --create-home --shell /usr/sbin/nologin showup
USER showup
WORKDIR /data
ENV HOST=0.0.0.0 \
    PORT=3000
EXPOSE 3000

# Slim images have no curl: ask /healthz with Python's own urllib.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '3000') + '/healthz', timeout=4)"]

# Every start brings the schema up to date first; with several containers on one
# PostgreSQL, run `showup migrate` once before them (compose.yaml does).
CMD ["showup", "serve"]
