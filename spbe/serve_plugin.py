"""The Datasette plugin `spbe serve` registers: it wraps Datasette's app in the guard
(`spbe.infra.serve_guard`: response cache, SQL budget per client, concurrency limits).

Datasette takes plugins as modules (it reads `__name__` for their templates and static files), so
the hook lives in a module of its own; `spbe.serve.install_guard` registers it.
"""

from __future__ import annotations

from datasette import hookimpl

from spbe.infra.serve_guard import Guard, Limits

LIMITS = Limits()  # spbe.serve.install_guard sets the command's limits before Datasette starts


@hookimpl
def asgi_wrapper(datasette):
    return lambda app: Guard(app, LIMITS)
