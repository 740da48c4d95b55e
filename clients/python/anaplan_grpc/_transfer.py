"""Checks shared by the sync and async clients' transfers and task waits."""

from __future__ import annotations

from typing import Callable, List, Optional, Tuple

import grpc

from anaplan.v1 import bulk_pb2

from ._base import Ref
from ._io import Meter, ProgressCallback
from .errors import REASON_TASK_CANCELLED, REASON_TASK_FAILED, AnaplanActionError, DataLossError
from .types import TaskStatus

#: ``on_task_progress(status)``: called with each new status of a task that a
#: method waits for (state, progress, current step).
TaskProgressCallback = Callable[[TaskStatus], None]


def check_upload(resp: bulk_pb2.UploadFileResponse, meter: Meter) -> None:
    """DATA_LOSS when the service received other bytes than were sent."""
    if resp.bytes_received and resp.bytes_received != meter.done:
        raise DataLossError("the service received %d bytes, %d were sent"
                            % (resp.bytes_received, meter.done),
                            code=grpc.StatusCode.DATA_LOSS)
    if resp.sha256 and resp.sha256 != meter.hexdigest():
        raise DataLossError("SHA-256 of the bytes received (%s) differs from the bytes "
                            "sent (%s)" % (resp.sha256, meter.hexdigest()),
                            code=grpc.StatusCode.DATA_LOSS)


def task_outcome_error(status: TaskStatus) -> Optional[AnaplanActionError]:
    """The error the service's RunAction raises for a task that ended
    unsuccessfully or was cancelled, built locally; None when it succeeded
    or has not ended."""
    if status.task_state == "CANCELLED":
        reason, what = REASON_TASK_CANCELLED, "was cancelled"
    elif status.task_state == "COMPLETE" and not status.successful:
        reason, what = REASON_TASK_FAILED, "completed unsuccessfully"
    else:
        return None
    return AnaplanActionError("task %s of action %s %s" % (status.task_id, status.action_id, what),
                              code=grpc.StatusCode.ABORTED, reason=reason, task_status=status)


class DownloadCheck:
    """Follows the FileChunks of one download: the announced total size
    (first message), contiguous offsets, and the final byte count."""

    def __init__(self, on_progress: Optional[ProgressCallback]):
        self.meter = Meter(None, on_progress)
        self._first = True

    def add(self, chunk: bulk_pb2.FileChunk) -> bytes:
        if self._first:
            self._first = False
            # The first message announces the size; -1 (or no file: an old
            # server) means unknown.
            if (chunk.HasField("file") or chunk.total_size) and chunk.total_size >= 0:
                self.meter.total = chunk.total_size
        if not chunk.data:
            return b""
        if chunk.offset != self.meter.done:
            raise DataLossError("download piece at offset %d, expected %d"
                                % (chunk.offset, self.meter.done),
                                code=grpc.StatusCode.DATA_LOSS)
        self.meter.add(chunk.data)
        return chunk.data

    def piece(self, chunk: bulk_pb2.FileChunk) -> List[bytes]:
        """``add`` as a stream's ``expand``: the chunk's bytes, if any."""
        data = self.add(chunk)
        return [data] if data else []

    def end(self) -> List[bytes]:
        """``finish`` as a stream's ``end``."""
        self.finish()
        return []

    def finish(self) -> int:
        total = self.meter.total
        if total is not None and self.meter.done != total:
            raise DataLossError("download ended after %d of %d bytes"
                                % (self.meter.done, total), code=grpc.StatusCode.DATA_LOSS)
        self.meter.finish()
        return self.meter.done


class ChunkJoiner:
    """Joins the FileChunks of a download into the Anaplan chunks they
    belong to (``get_file_stream`` yields one piece per chunk)."""

    def __init__(self) -> None:
        self._current: Optional[int] = None
        self._buf = bytearray()

    def add(self, chunk: bulk_pb2.FileChunk) -> List[bytes]:
        """The Anaplan chunk that ``chunk`` shows has ended, if any."""
        done = []
        if self._current is not None and chunk.chunk_index != self._current and self._buf:
            done.append(bytes(self._buf))
            self._buf = bytearray()
        self._current = chunk.chunk_index
        self._buf += chunk.data
        return done

    def rest(self) -> List[bytes]:
        return [bytes(self._buf)] if self._buf else []


class TaskWatch:
    """The wait of ``run_action(on_progress=...)``: reports every status of
    the task, and ends as the service's RunAction would."""

    def __init__(self, action_id: Ref, status_only: bool, on_progress: TaskProgressCallback):
        self._action_id, self._status_only = action_id, status_only
        self._on_progress = on_progress
        self.last: Optional[TaskStatus] = None

    def start(self, status: TaskStatus) -> Tuple[Ref, str]:
        """Sees the started task's status; the action and task to watch."""
        self.see(status)
        return status.action_id or self._action_id, status.task_id

    def see(self, status: TaskStatus) -> None:
        self.last = status
        self._on_progress(status)

    def result(self) -> TaskStatus:
        """The last status; AnaplanActionError for a failed or cancelled
        task unless status_only."""
        assert self.last is not None
        error = None if self._status_only else task_outcome_error(self.last)
        if error is not None:
            raise error
        return self.last
