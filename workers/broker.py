"""The one broker of a process, built from the settings: Redis, RabbitMQ or in-process (StubBroker).

Built by `build_broker` and set with `dramatiq.set_broker` before any actor is declared; nothing
here creates a broker on import.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import (
    AgeLimit,
    Callbacks,
    Middleware,
    Pipelines,
    Retries,
    ShutdownNotifications,
    TimeLimit,
)

from common.errors import BrokerUnavailable, ConfigError
from pipeline.settings import Settings

from .middleware import JobStateMiddleware, RedisSweepMiddleware, is_transient
from .runtime import Runtime

QUEUES = ("live", "batch")
PRIORITY = {"live": 0, "batch": 100}  # lower runs first inside a worker
MAX_RETRIES = 12
MIN_BACKOFF_MS = 2_000
MAX_BACKOFF_MS = 10 * 60_000
# A Redis worker silent this long is dead: its unacked messages go back to the queue.
REDIS_HEARTBEAT_TIMEOUT_MS = 15_000
REDIS_SWEEP_EVERY_S = 5.0
REDIS_MAINTENANCE_ALWAYS = 1_000_000  # out of a million: every command sweeps dead workers


def should_retry(retries: int, error: BaseException) -> bool:
    """Retries' `retry_when`: transient errors, with backoff, a bounded number of times."""
    return retries < MAX_RETRIES and is_transient(error)


def _middleware(runtime: Runtime) -> list[Middleware]:
    return [
        AgeLimit(),
        TimeLimit(),
        ShutdownNotifications(),
        Callbacks(),
        Pipelines(),
        JobStateMiddleware(runtime),  # before Retries: its after-hooks run after Retries'
        Retries(
            max_retries=MAX_RETRIES,
            min_backoff=MIN_BACKOFF_MS,
            max_backoff=MAX_BACKOFF_MS,
            retry_when=should_retry,
        ),
    ]


def split_redis_url(url: str) -> tuple[str, str]:
    """redis://host:port/db?namespace=NAME -> (url without it, key namespace; default 'sohoa')."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    namespace = next((v for k, v in query if k == "namespace"), "") or "sohoa"
    rest = urlencode([(k, v) for k, v in query if k != "namespace"])
    return urlunsplit(parts._replace(query=rest)), namespace


def build_broker(settings: Settings, runtime: Runtime) -> dramatiq.Broker:
    """The broker named by settings.broker_url, with sohoa's middleware, set as dramatiq's broker."""
    url = settings.broker_url
    middleware = _middleware(runtime)
    broker: dramatiq.Broker
    if not url:
        broker = StubBroker(middleware=middleware)
    elif url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        clean, namespace = split_redis_url(url)
        broker = RedisBroker(
            url=clean,
            namespace=namespace,
            middleware=middleware,
            heartbeat_timeout=REDIS_HEARTBEAT_TIMEOUT_MS,
            maintenance_chance=REDIS_MAINTENANCE_ALWAYS,
        )
        broker.add_middleware(RedisSweepMiddleware(REDIS_SWEEP_EVERY_S))
    elif url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=url, middleware=middleware, confirm_delivery=True)
    else:
        raise ConfigError(f"broker_url must be empty, redis://... or amqp://..., got {url!r}")
    dramatiq.set_broker(broker)
    return broker


def broker_errors() -> tuple[type[BaseException], ...]:
    """What a broker raises when it cannot be reached (Dramatiq's, redis-py's, pika's, sockets)."""
    errors: list[type[BaseException]] = [dramatiq.errors.BrokerError, OSError]
    try:
        import redis

        errors.append(redis.exceptions.ConnectionError)
        errors.append(redis.exceptions.TimeoutError)
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    try:
        import pika.exceptions

        errors.append(pika.exceptions.AMQPError)
    except ImportError:  # pragma: no cover - pika is a dependency
        pass
    return tuple(errors)


def check_broker(broker: dramatiq.Broker, url: str) -> None:
    """Raise BrokerUnavailable (one line, no secret) unless the broker answers now."""
    where = url.split("@")[-1]
    pika_log = logging.getLogger("pika")
    level = pika_log.level
    pika_log.setLevel(logging.CRITICAL)  # pika logs each failed attempt with a traceback
    try:
        if hasattr(broker, "client"):  # Redis
            broker.client.ping()
        elif hasattr(broker, "connection"):  # RabbitMQ: opens this thread's connection
            _ = broker.connection
    except broker_errors() as e:
        raise BrokerUnavailable(
            f"the message broker {where} cannot be reached ({e.__class__.__name__}); "
            "start it or fix SOHOA_BROKER_URL"
        ) from e
    finally:
        pika_log.setLevel(level)
