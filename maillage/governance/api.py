"""The governance API: bodies, memberships, meetings, agenda items, attendance, minutes,
decisions and tasks, a convention's articles and avenants (read only), under the same rules and services as the pages.

The endpoints live in ``governance.endpoints``, one module per subdomain; this module
assembles their routers, in the order the paths appear in the OpenAPI document."""

from ninja import Router

from maillage.governance.endpoints import amendments, bodies, decisions, meetings, records

router = Router(tags=["Gouvernance"])

for _part in (bodies, meetings, records, decisions, amendments):
    # Ninja names an operation after the module of its function: keep the names the
    # operations had when they all lived here, so clients generated from the OpenAPI
    # document keep working.
    for _path_view in _part.router.path_operations.values():
        for _operation in _path_view.operations:
            if _operation.operation_id is None:
                _operation.operation_id = f"{__name__}_{_operation.view_func.__name__}".replace(
                    ".", "_"
                )
    router.add_router("", _part.router)
