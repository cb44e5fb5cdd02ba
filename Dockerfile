# salesbot: `docker build -t salesbot .`, then see compose.yaml and docs/operations.md.

FROM python:3.12-slim AS wheel
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SALESBOT_HTTP_HOST=0.0.0.0 \
    DATABASE_URL=sqlite:////data/salesbot.db \
    SALESBOT_DATA_DIR=/data
COPY --from=wheel /wheels /tmp/wheels
RUN pip install --no-cache-dir /tmp/wheels/*.whl && rm -rf /tmp/wheels \
    && groupadd --system --gid 10001 salesbot \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin salesbot \
    && mkdir -p /data && chown 10001:10001 /data
WORKDIR /app
# The shipped config and the example questions it loads; mount your own config over it.
COPY config.yaml ./
COPY examples ./examples
USER 10001:10001
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4)"]
CMD ["salesbot", "run", "--config", "/app/config.yaml"]
