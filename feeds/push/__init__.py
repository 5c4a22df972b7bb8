"""Push: signed webhooks and a WebSub hub, delivered from a durable outbox in Redis.

::

    change log ({cat}:changes) ──consumer group "push"──► fanout  (one worker at a time)
        │  per change, per target the partner may see it on
        ▼
    outbox ({pt:<id>}:outbox, consumer group "deliver")  +  due schedule ({push}:due)
        │  one delivery in flight per target (a lease), any worker
        ▼
    delivery ──► callback; 2xx: ack · failure: backoff with jitter · past horizon: dead letters

- ``targets``: webhook endpoints and WebSub subscriptions, as stored.
- ``outbox``: the Redis side of queueing, claiming, acknowledging and dead-lettering.
- ``fanout``: change log → outboxes.  ``delivery``: outboxes → callbacks.
- ``callbacks``: which URLs may be called, and the bounded HTTP call itself.
- ``signing``: Standard Webhooks and WebSub ``X-Hub-Signature``.
- ``webhooks`` and ``websub``: the HTTP API (``/v1/partners/me/webhooks``, ``/websub``).
- ``verification``: WebSub requests waiting in Redis for their verification of intent.
- ``service``: the background work a worker runs for the length of its lifespan.
"""
