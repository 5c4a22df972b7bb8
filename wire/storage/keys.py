"""Every Redis key name the service uses, and nothing else.

Cluster safety: every atomic operation (a Lua script or a pipeline that must see one state)
touches keys of one hash tag only.

- ``{cat}``: the catalogue. Stories, their versions, the feed indexes, the change log, the
  embargo schedule, duplicate signatures and idempotency records. A story, its version, its
  index entries and its change event are written by one script, so they must share a slot;
  a wire's write rate (thousands of stories a day) is far below what one shard serves, and
  the read path (rendered feeds) lives under other tags.
- ``{acct}``: correspondents, partners and their hashed keys.
- ``{feed:<hash>}``: a rendered feed document shared by every process, and the claim of
  the process rendering it, one tag per document.
- ``{rl:<who>}``: rate-limit windows.
- ``{push}``: the push registry (webhook endpoints and WebSub subscriptions), the schedule
  of targets with work due, WebSub lease ends and the fan-out lease.
- ``{pt:<target id>}``: one push target's outbox stream, its state, its delivery lease and
  its dead letters, so every outbox step on one target is one slot.
- ``{sess}``: browser sessions of the pages (``wire.storage.sessions``); each is one key,
  read and written alone.
- ``{authors}``: each correspondent's stories, newest first, for the "My stories" page.

``Keys`` holds the configurable prefix, so tests can isolate themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

CATALOGUE = "{cat}"
ACCOUNTS = "{acct}"
PUSH = "{push}"
SESSIONS = "{sess}"
AUTHORS = "{authors}"


@dataclass(frozen=True)
class Keys:
    prefix: str = "wire"

    def _cat(self, name: str) -> str:
        return f"{self.prefix}:{CATALOGUE}:{name}"

    def _acct(self, name: str) -> str:
        return f"{self.prefix}:{ACCOUNTS}:{name}"

    # -- catalogue -----------------------------------------------------------------------
    def story(self, sid: str) -> str:
        """STRING: the current version's JSON."""
        return self._cat(f"story:{sid}")

    def versions(self, sid: str) -> str:
        """HASH: version number → that version's JSON."""
        return self._cat(f"story:{sid}:versions")

    def index(self, dimension: str = "all", value: str = "") -> str:
        """ZSET of story ids scored by feed time (ms): ``all``, or ``desk``/``region``/``lang``."""
        return self._cat("idx:all" if dimension == "all" else f"idx:{dimension}:{value}")

    def index_names(self) -> str:
        """SET of every index key ever written, so retention trims them without SCAN."""
        return self._cat("idx:names")

    def index_of(self, key: str) -> tuple[str, str] | None:
        """The ``(dimension, value)`` an index key names (``("all", "")`` for everything).

        The inverse of ``index``; None for a key that is not one of this prefix's indexes.
        """
        head = self._cat("idx:")
        if not key.startswith(head) or key == self.index_names():
            return None
        rest = key[len(head):]
        if rest == "all":
            return "all", ""
        dimension, sep, value = rest.partition(":")
        return (dimension, value) if sep and value else None

    def changes(self) -> str:
        """STREAM: one entry per published change; entry ids are the cursor API's cursors."""
        return self._cat("changes")

    def changes_capped(self) -> str:
        """STRING: how many changes the change log's hard cap (``STREAM_MAXLEN``) dropped,
        ever; retention never drops one a consumer group still needs, the cap does."""
        return self._cat("changes:capped")

    def clock(self) -> str:
        """STRING: ms time of the newest change, to keep change times strictly ordered."""
        return self._cat("clock")

    def embargoes(self) -> str:
        """ZSET: embargoed story ids scored by release time (ms)."""
        return self._cat("embargoes")

    def fingerprint(self, correspondent: str, fingerprint: str) -> str:
        """STRING: story id for a correspondent's normalized copy (exact resend → same story)."""
        return self._cat(f"fp:{correspondent}:{fingerprint}")

    def band(self, band: int, digest: str) -> str:
        """STRING: first story id whose near-duplicate signature has this LSH band."""
        return self._cat(f"lsh:{band}:{digest}")

    def idempotency(self, principal: str, key: str) -> str:
        """STRING: the first answer to a request sent with this Idempotency-Key."""
        return self._cat(f"idem:{principal}:{key}")

    # -- accounts ------------------------------------------------------------------------
    def credential(self, token_hash: str) -> str:
        """STRING: JSON naming the principal a hashed key or token belongs to."""
        return self._acct(f"cred:{token_hash}")

    def correspondent(self, cid: str) -> str:
        return self._acct(f"correspondent:{cid}")

    def partner(self, pid: str) -> str:
        return self._acct(f"partner:{pid}")

    def partner_names(self) -> str:
        """HASH: partner name → id."""
        return self._acct("partners")

    def correspondent_names(self) -> str:
        """HASH: correspondent name → id."""
        return self._acct("correspondents")

    def tokens(self, kind: str, rid: str) -> str:
        """HASH: an account's live secrets, token id → JSON ``{"hash", "created"}``.

        ``kind`` is ``partner`` or ``correspondent``. Listing and revoking read this hash, so
        they need no SCAN over credentials.
        """
        return self._acct(f"{kind}:{rid}:tokens")

    # -- push ----------------------------------------------------------------------------
    def push_targets(self) -> str:
        """HASH: target id → JSON of a webhook endpoint or a WebSub subscription."""
        return f"{self.prefix}:{PUSH}:targets"

    def push_due(self) -> str:
        """ZSET: target ids with deliveries to make, scored by the earliest attempt time (ms)."""
        return f"{self.prefix}:{PUSH}:due"

    def push_expiry(self) -> str:
        """ZSET: WebSub subscription ids scored by the end of their lease (ms)."""
        return f"{self.prefix}:{PUSH}:expiry"

    def push_fanout_lease(self) -> str:
        """STRING: the worker that turns the change log into outbox entries (one at a time)."""
        return f"{self.prefix}:{PUSH}:fanout"

    # -- push: WebSub verifications waiting (feeds.push.verification) --------------------
    def websub_pending(self) -> str:
        """HASH: pending verification id → JSON of the subscription request it answers."""
        return f"{self.prefix}:{PUSH}:verify"

    def websub_pending_due(self) -> str:
        """ZSET: pending verification ids by next attempt (ms); taking one moves it a claim
        period ahead, so one worker at a time has it."""
        return f"{self.prefix}:{PUSH}:verify_due"

    def _target(self, tid: str, name: str) -> str:
        return f"{self.prefix}:{{pt:{tid}}}:{name}"

    def outbox(self, tid: str) -> str:
        """STREAM (consumer group ``deliver``): the target's deliveries, in change order."""
        return self._target(tid, "outbox")

    def target_state(self, tid: str) -> str:
        """HASH: ``fanned`` (newest change queued), attempt count and last failure."""
        return self._target(tid, "state")

    def target_lease(self, tid: str) -> str:
        """STRING: the worker delivering to this target now (one at a time keeps order)."""
        return self._target(tid, "lease")

    def dead_letters(self, tid: str) -> str:
        """STREAM: deliveries given up on after the retry horizon, kept for replay."""
        return self._target(tid, "dead")

    # -- pages -------------------------------------------------------------------------
    def session(self, token_hash: str) -> str:
        """STRING with a TTL: JSON of one signed-in browser session, by its cookie's hash."""
        return f"{self.prefix}:{SESSIONS}:{token_hash}"

    def authored(self, cid: str) -> str:
        """ZSET: a correspondent's story ids scored by first filing time (ms)."""
        return f"{self.prefix}:{AUTHORS}:{cid}"

    # -- other tags ----------------------------------------------------------------------
    def rendered(self, digest: str) -> str:
        """HASH with a TTL: one rendered feed document (bytes, gzip bytes, the change id it
        was rendered at), shared by every process (``feeds.shared``)."""
        return f"{self.prefix}:{{feed:{digest}}}:doc"

    def render_claim(self, digest: str) -> str:
        """STRING with a TTL: the change a process is rendering this document at."""
        return f"{self.prefix}:{{feed:{digest}}}:claim"

    def rate(self, who: str, window: int) -> str:
        return f"{self.prefix}:{{rl:{who}}}:{window}"

    def accounts_channel(self) -> str:
        """Pub/sub channel announcing a revoked token or changed entitlements."""
        return f"{self.prefix}:{ACCOUNTS}:events"

    def events_channel(self) -> str:
        """Pub/sub channel announcing a new change (payload: the change id)."""
        return f"{self.prefix}:{CATALOGUE}:events"
