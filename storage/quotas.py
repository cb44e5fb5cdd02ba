"""Quotas: what a team or a rep is to win in a quarter. Every setting is kept; the latest
one for a (team, rep, quarter) is the one in force."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime


class Quota(Base):
    __tablename__ = "quotas"
    __table_args__ = (Index("quotas_by_quarter", "team_id", "year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    # the rep it is for; None: the whole team
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    set_by: Mapped[int] = mapped_column(ForeignKey("members.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
