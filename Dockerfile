# syntax=docker/dockerfile:1
# Build stage: resolve and install the pinned dependencies into a virtualenv.
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml requirements.lock README.md ./
COPY wire ./wire
COPY feeds ./feeds
RUN /opt/venv/bin/pip install --no-cache-dir -c requirements.lock .

# Run stage: the virtualenv and the data files only, as an unprivileged user.
FROM python:3.11-slim
RUN useradd --system --create-home --uid 10001 wire
COPY --from=build /opt/venv /opt/venv
COPY config /app/config
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH \
    WIRE_HOST=0.0.0.0 \
    WIRE_PORT=8080 \
    WIRE_CONFIG_DIR=/app/config \
    WIRE_CONFIG_FILE=/app/config/wire.toml \
    WIRE_DATA_DIR=/data
RUN mkdir /data && chown wire /data
USER wire
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/readyz', timeout=2).status == 200 else 1)"
CMD ["wire", "serve", "--host", "0.0.0.0", "--port", "8080"]
