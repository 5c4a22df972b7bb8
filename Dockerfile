# syntax=docker/dockerfile:1
# Build stage: resolve and install the pinned dependencies into a virtualenv.
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml requirements.lock README.md LICENSE ./
COPY wire ./wire
COPY feeds ./feeds
COPY config ./config
RUN /opt/venv/bin/pip install --no-cache-dir -c requirements.lock .

# Run stage: the virtualenv only (the default configuration ships inside the package), as an
# unprivileged user. Mount a folder and set WIRE_CONFIG_DIR to use other data files.
FROM python:3.11-slim
RUN useradd --system --create-home --uid 10001 wire
COPY --from=build /opt/venv /opt/venv
WORKDIR /data
ENV PATH=/opt/venv/bin:$PATH \
    WIRE_HOST=0.0.0.0 \
    WIRE_PORT=8080 \
    WIRE_DATA_DIR=/data
RUN mkdir -p /data && chown wire /data
USER wire
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/readyz', timeout=2).status == 200 else 1)"
CMD ["wire", "serve", "--host", "0.0.0.0", "--port", "8080"]
