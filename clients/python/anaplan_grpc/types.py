"""Small value types returned for tasks.

Resources (workspaces, models, files, imports, ...) are returned as the
generated ``anaplan.v1`` messages, whose fields already have the SDK's
snake_case names. Tasks get these dataclasses instead, because anaplan-sdk's
``TaskStatus`` reads as ``task.task_state == "COMPLETE"`` and
``task.result.successful``, and callers want ``task.successful`` directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional

from anaplan.v1 import common_pb2

#: TaskState enum value -> the state word Anaplan uses.
_STATE_WORDS: Dict[int, str] = {
    common_pb2.TASK_STATE_NOT_STARTED: "NOT_STARTED",
    common_pb2.TASK_STATE_IN_PROGRESS: "IN_PROGRESS",
    common_pb2.TASK_STATE_COMPLETE: "COMPLETE",
    common_pb2.TASK_STATE_CANCELLING: "CANCELLING",
    common_pb2.TASK_STATE_CANCELLED: "CANCELLED",
}
FINAL_STATES = frozenset({"COMPLETE", "CANCELLED"})


def _state_word(state: int, name: str) -> str:
    return _STATE_WORDS.get(state) or name or "UNSPECIFIED"


@dataclass(frozen=True)
class TaskStatus:
    """Status of one task.

    ``task_state`` is Anaplan's word (``NOT_STARTED``, ``IN_PROGRESS``,
    ``COMPLETE``, ``CANCELLING``, ``CANCELLED``); ``result`` is the generated
    ``anaplan.v1.TaskResult`` (None until the task completed); ``proto`` the
    message as received.
    """

    task_id: str
    task_state: str
    creation_time: int = 0
    progress: float = 0.0
    current_step: str = ""
    action_id: int = 0
    result: Optional[common_pb2.TaskResult] = None
    proto: Optional[common_pb2.TaskStatus] = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        """anaplan-sdk's name for task_id."""
        return self.task_id

    @property
    def done(self) -> bool:
        return self.task_state in FINAL_STATES

    @property
    def successful(self) -> bool:
        return bool(self.result is not None and self.result.successful)

    @property
    def failure_dump_available(self) -> bool:
        return bool(self.result is not None and self.result.failure_dump_available)

    @classmethod
    def from_proto(cls, msg: common_pb2.TaskStatus) -> "TaskStatus":
        return cls(
            task_id=msg.task_id,
            task_state=_state_word(msg.task_state, msg.task_state_name),
            creation_time=msg.creation_time,
            progress=msg.progress,
            current_step=msg.current_step,
            action_id=msg.action_id,
            result=msg.result if msg.HasField("result") else None,
            proto=msg,
        )


@dataclass(frozen=True)
class TaskSummary:
    """A task in a listing (get_task_summaries)."""

    task_id: str
    task_state: str
    creation_time: int = 0
    proto: Optional[common_pb2.TaskSummary] = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.task_id

    @classmethod
    def from_proto(cls, msg: common_pb2.TaskSummary) -> "TaskSummary":
        return cls(task_id=msg.task_id,
                   task_state=_state_word(msg.task_state, msg.task_state_name),
                   creation_time=msg.creation_time, proto=msg)
