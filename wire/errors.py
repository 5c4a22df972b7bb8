"""The domain error tree. No HTTP here: ``wire.web.app`` maps each class to a status.

::

    WireError
    ├── InputError                  the copy or request cannot be used as sent
    │   ├── EmptyCopy               nothing left after normalization
    │   ├── UndecodableCopy         bytes that are not text in any encoding we accept
    │   ├── UnsupportedMediaType    a Content-Type we do not take
    │   ├── CopyTooLarge            over the configured size limit
    │   ├── InvalidField            a field or query parameter with a bad value
    │   ├── IdempotencyMismatch     same Idempotency-Key, different request
    │   └── UnsafeCallback          a push callback URL the service will not call
    ├── AuthError
    │   ├── MissingCredentials      no key or token sent
    │   └── InvalidCredentials      a key or token we do not know (or revoked)
    ├── Forbidden                   authenticated, but not allowed to do this
    ├── NotFound                    no such story/feed (or not visible to the caller)
    ├── Conflict                    the request contradicts the stored state
    │   └── PreconditionFailed      If-Match does not match the current ETag
    ├── RateLimited                 too many requests; ``retry_after`` seconds
    └── StorageUnavailable          Redis cannot be reached or refused the write
        └── OutcomeUnknown          the write was sent; whether it is kept is not known
            └── NotReplicated       written on the primary, not confirmed on replicas
"""

from __future__ import annotations


class WireError(Exception):
    """Base of every error the service raises on purpose.

    ``detail`` is written for a person: what was wrong and what to do about it.
    """

    title = "Wire error"

    def __init__(self, detail: str, **context: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.context = context

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.context.items())
        return f"{type(self).__name__}({self.detail!r}{extra})"


class InputError(WireError):
    title = "The request cannot be used as sent"


class EmptyCopy(InputError):
    title = "The copy is empty"


class UndecodableCopy(InputError):
    title = "The copy is not readable text"


class UnsupportedMediaType(InputError):
    title = "Unsupported media type"


class CopyTooLarge(InputError):
    title = "The copy is too large"


class InvalidField(InputError):
    title = "A field has a value we cannot use"


class IdempotencyMismatch(InputError):
    title = "Idempotency-Key reused for a different request"


class UnsafeCallback(InputError):
    title = "The callback URL is refused"


class AuthError(WireError):
    title = "Authentication required"


class MissingCredentials(AuthError):
    title = "No credentials were sent"


class InvalidCredentials(AuthError):
    title = "The credentials are not valid"


class Forbidden(WireError):
    title = "Not allowed"


class NotFound(WireError):
    title = "Not found"


class Conflict(WireError):
    title = "Conflict with the stored state"


class PreconditionFailed(Conflict):
    title = "The story changed since you read it"


class RateLimited(WireError):
    title = "Too many requests"

    def __init__(self, detail: str, retry_after: int, **context: object) -> None:
        super().__init__(detail, retry_after=retry_after, **context)
        self.retry_after = retry_after


class StorageUnavailable(WireError):
    title = "Storage is unavailable"
    retry_after = 2
    """Seconds a client should wait: the embedded store restarts in about one."""

    def __init__(self, detail: str, **context: object) -> None:
        context.setdefault("retry_after", self.retry_after)
        super().__init__(detail, **context)


class OutcomeUnknown(StorageUnavailable):
    """The store went away after the write was sent: it may or may not have happened."""

    title = "Outcome unknown"


class NotReplicated(OutcomeUnknown):
    """Written on the primary, but fewer replicas than required confirmed it in time: a
    failover now could lose it, so it is not acknowledged."""

    title = "Not confirmed on a replica"
