"""The first-touch SLA's deadlines: one row per step of each claimed lead under it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, Status, UTCDateTime


class StepStatus(StrEnum):
    PENDING = "pending"  # its time has not come, and the rep has not been in touch
    DONE = "done"  # it happened
    CANCELLED = "cancelled"  # the first touch came first, or the lead left the rep


class FirstTouchStep(Base):
    """Remind the rep, tell the managers, or take the lead back, unless the rep is in touch
    by `due_at`. The step happens once: a conditional UPDATE takes it from pending."""

    __tablename__ = "first_touch_steps"
    __table_args__ = (Index("first_touch_steps_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    # the rep who claimed the lead and owes the touch
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    # remind | escalate | recover
    step: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[StepStatus] = mapped_column(Status(StepStatus))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
