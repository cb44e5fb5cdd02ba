"""The digests' guard rows: one per (kind, team, period) posted, so every process may fire
a schedule and only the first to insert its row posts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime


class Digest(Base):
    """One posted digest: only the process whose INSERT wins a period posts it."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("kind", "team_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # forecast | workload
    kind: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    # The schedule's fire time this digest stands for.
    period: Mapped[datetime] = mapped_column(UTCDateTime)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The forecast figures as they were, for "change since the previous digest".
    figures: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class TrainingDigestPost(Base):
    """One scheduled training digest per team and period: the replica whose INSERT wins posts."""

    __tablename__ = "training_digest_posts"
    __table_args__ = (UniqueConstraint("kind", "team_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    # the time the digest's crontab line fired, which every replica computes alike
    period: Mapped[datetime] = mapped_column(UTCDateTime)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)
