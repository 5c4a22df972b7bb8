"""Structured logs: one stream on stderr, JSON lines when not on a terminal.

The service's own events (structlog), the access lines (``wire.web.access``), uvicorn's
startup and shutdown lines and any library's stdlib logging all render the same way, so
an operator's collector reads one format.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

_SHARED: list[structlog.typing.Processor] = [
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def _renderer() -> structlog.typing.Processor:
    return (structlog.dev.ConsoleRenderer() if sys.stderr.isatty()
            else structlog.processors.JSONRenderer())


def formatter() -> logging.Formatter:
    """A stdlib formatter rendering records like structlog's events (for dictConfig)."""
    return structlog.stdlib.ProcessorFormatter(
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, _renderer()],
        foreign_pre_chain=_SHARED,
    )


def uvicorn_log_config(level: str) -> dict[str, Any]:
    """uvicorn's ``log_config``: its lines through :func:`formatter`; no access log (the
    app writes its own, without the query)."""
    handler = {"class": "logging.StreamHandler", "formatter": "wire",
               "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"wire": {"()": "wire.ops.logs.formatter"}},
        "handlers": {"stderr": handler},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def configure(level: str) -> None:
    """Configure structlog and stdlib logging once per process, for ``wire serve``."""
    numeric = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter())
    root.handlers[:] = [handler]
    root.setLevel(numeric)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            *_SHARED,
            structlog.processors.format_exc_info,
            _renderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )


def logs_requests(level: str) -> bool:
    """Access lines are info events: written at INFO or DEBUG only."""
    return logging.getLevelNamesMapping().get(level.upper(), logging.INFO) <= logging.INFO
