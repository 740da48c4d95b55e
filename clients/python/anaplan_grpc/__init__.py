"""anaplan_grpc: a Python client for the anaplan-grpc service.

    from anaplan_grpc import Client
    with Client("127.0.0.1:50051", workspace_id, model_id) as client:
        client.upload_file(113000000000, b"...")
        client.run_action("Employees from Employees.csv")

    from anaplan_grpc import AsyncClient
    async with AsyncClient("127.0.0.1:50051", workspace_id, model_id) as client:
        await client.upload_file(113000000000, pathlib.Path("employees.csv"))
"""

from .aio import AsyncClient
from .client import DEFAULT_CHUNK_SIZE, DEFAULT_TARGET, Client, object_ref
from .credentials import Credentials
from .errors import (AbortedError, AnaplanActionError, AnaplanError, AnaplanException,
                     AnaplanTimeoutException, CancelledError, ConflictError, DataLossError,
                     DeadlineExceededError, FailedPreconditionError, InternalError,
                     InvalidArgumentError, InvalidCredentialsError,
                     InvalidCredentialsException, InvalidIdentifierError,
                     InvalidIdentifierException, PermissionDeniedError, RateLimitError,
                     UnavailableError, from_rpc_error)
from ._io import MESSAGE_SIZE, ProgressCallback
from ._transfer import TaskProgressCallback
from .types import TaskStatus, TaskSummary

__all__ = [
    "Client", "AsyncClient", "Credentials", "ProgressCallback", "TaskProgressCallback",
    "object_ref", "DEFAULT_CHUNK_SIZE", "DEFAULT_TARGET", "MESSAGE_SIZE",
    "TaskStatus", "TaskSummary", "from_rpc_error",
    "AnaplanError", "InvalidArgumentError", "InvalidIdentifierError",
    "InvalidCredentialsError", "PermissionDeniedError", "FailedPreconditionError",
    "RateLimitError", "UnavailableError", "DeadlineExceededError", "CancelledError",
    "AbortedError", "ConflictError", "AnaplanActionError", "DataLossError", "InternalError",
    "AnaplanException", "InvalidIdentifierException", "InvalidCredentialsException",
    "AnaplanTimeoutException",
]
__version__ = "0.1.0"
