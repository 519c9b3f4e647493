"""A failed run says why, in one line, on the console the user is looking at.

Dagster wraps an exception raised in an asset as "Error occurred while executing op ...", and the
real cause ("sources.toml line 80: unknown key 'stated_cuont'", "attempt to write a readonly
database") sits only in the event log's stack trace. Two places put it back in front of the user:
- `say_why`, a failure hook on every job: an ERROR log line "<step> failed: <cause>" (what
  `dagster job execute` prints on its console), naming the warehouse for a database error;
- `run_failure_cause`, for a run executed in process (`make demo`): the same line from the run's
  step-failure events.
The cause is the exception the asset raised (Dagster's own wrappers are looked through), not the
innermost one: "…/lampiran.pdf: unreachable: host … does not resolve" says more than "gaierror".
"""

from __future__ import annotations

import dagster as dg

from spbe.infra.warehouse import redact_url


def _user_exception(exc: BaseException) -> BaseException:
    """The first exception in the chain that is not Dagster's own wrapper: the one the asset raised,
    with the message its author wrote (an inner socket error would lose the URL it was about)."""
    seen = set()
    while id(exc) not in seen and type(exc).__module__.startswith("dagster."):
        seen.add(id(exc))
        nxt = exc.__cause__ or exc.__context__
        if nxt is None:
            break
        exc = nxt
    return exc


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:500]


def exception_cause(exc: BaseException | None, warehouse_url: str | None = None) -> str:
    """One line for an exception: a dg.Failure's description, else the innermost cause with its type;
    a database error names the warehouse it happened in."""
    if exc is None:
        return "unknown cause (no exception recorded)"
    if isinstance(exc, dg.Failure) and exc.description:
        return _one_line(exc.description)
    inner = _user_exception(exc)
    if isinstance(inner, dg.Failure) and inner.description:
        return _one_line(inner.description)
    text = f"{type(inner).__name__}: {inner}"
    if warehouse_url and _is_database_error(exc):
        text = f"warehouse {redact_url(warehouse_url)}: {text}"
    return _one_line(text)


def _is_database_error(exc: BaseException) -> bool:
    import sqlite3

    import sqlalchemy as sa

    chain, current = [], exc
    while current is not None and len(chain) < 20:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return any(isinstance(e, sa.exc.SQLAlchemyError | sqlite3.Error) for e in chain)


@dg.failure_hook(required_resource_keys={"warehouse"})
def say_why(context: dg.HookContext) -> None:
    url = getattr(context.resources.warehouse, "url", None)
    context.log.error(f"{context.step_key} failed: {exception_cause(context.op_exception, url)}")


def run_failure_cause(result: dg.JobExecutionResult) -> str:
    """The first failed step's cause as one line, from the run's events."""
    for event in result.get_step_failure_events():
        data = event.step_failure_data
        if data.user_failure_data is not None and data.user_failure_data.description:
            return f"{event.step_key}: {_one_line(data.user_failure_data.description)}"
        error = data.error
        while error is not None and error.cls_name and error.cause is not None and (
            error.cls_name.startswith("Dagster") or "dagster." in (error.message.split(":", 1)[0])
        ):
            error = error.cause
        if error is not None:
            return f"{event.step_key}: {_one_line(error.message)}"
    for event in result.all_events:  # a resource that failed to start (a registry mistake)
        error = getattr(event.event_specific_data, "error", None)
        while error is not None and error.cause is not None and error.cls_name.startswith("Dagster"):
            error = error.cause
        if error is not None:
            return f"{event.event_type_value.lower()}: {_one_line(error.message)}"
    return "no step failed and no error recorded"
