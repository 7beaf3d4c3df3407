"""Views and API operations never write: every write goes through a service (keyword-only
arguments, one transaction, ``full_clean()``, one audit entry). This test reads the source
of every view and API module (``ast``, nothing imported) and fails on a call that writes
to the database from there.

The rule, precisely:
- ``.create(…)``, ``.bulk_create(…)``, ``.bulk_update(…)``, ``.get_or_create(…)``,
  ``.update_or_create(…)`` on anything: a queryset, a manager, a related manager;
- ``.save(…)`` on anything — a model, a form (``form.save()`` is a write too: a view hands
  ``form.cleaned_data`` to a service), a file field (``obj.file.save(name, content)``) —
  except with exactly one positional argument and nothing else: that is an image, a
  workbook or a document written to a buffer (``image.save(buffer)``), never a model
  (Django 5.1 deprecated positional arguments to ``Model.save()``; a file field takes two)
  nor a form that writes (``form.save(False)`` is ``commit=False``);
- ``.delete(…)`` on anything but the cache (``cache.delete(key)`` is not the database);
- ``.update(…)`` when it writes rows: on a queryset expression (``.objects``,
  ``.filter(…)``, ``.exclude(…)``, ``.all()``…) or with keyword arguments only
  (``qs.update(state=…)``); a ``dict.update(mapping)`` that fills a template context is
  not a write;
- ``@router.delete(…)`` and the other decorators of an API operation are not calls on data
  and are not read.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "maillage"

ALWAYS = {"create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
QUERYSET_METHODS = {
    "objects",
    "_default_manager",
    "filter",
    "exclude",
    "all",
    "select_for_update",
    "select_related",
    "prefetch_related",
    "only",
    "defer",
    "annotate",
    "order_by",
    "none",
}
# Receivers whose ``.delete()`` is not a database write. Only the cache (django.core.cache):
# it is a shared store of computed answers, cleared by key.
NOT_THE_DATABASE = {"cache", "caches"}


def view_and_api_modules() -> list[Path]:
    """``views.py``, ``*_views.py``, the modules of a ``views`` package, ``api.py`` and the
    modules of a capability's ``api`` package (``maillage/api`` itself is the API's
    machinery, with its own services: only its ``views.py`` counts)."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts:
            continue
        stem, parents = path.stem, relative.parts[:-1]
        in_views_package = bool(parents) and parents[-1] == "views"
        in_api_package = len(parents) >= 2 and parents[-1] == "api"
        named_so = stem in {"views", "api"} or stem.endswith("_views")
        if named_so or in_views_package or in_api_package:
            found.append(path)
    return found


def _receiver_name(node: ast.expr) -> str:
    """The last name of the receiver: ``cache`` for ``cache.delete``, ``objects`` for
    ``Model.objects.create``, ``filter`` for ``qs.filter(…).update``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _receiver_name(node.func)
    if isinstance(node, ast.Subscript):
        return _receiver_name(node.value)
    return ""


def _chain(node: ast.expr) -> list[str]:
    """Every name along a receiver: ``Action.objects.filter(…)`` → [filter, objects,
    Action]."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            if isinstance(node, ast.Name):
                names.append(node.id)
            return names


def writes(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    decorators = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        for decorator in function.decorator_list
        for node in ast.walk(decorator)
    }
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if id(node) in decorators:
            continue
        method, receiver = node.func.attr, node.func.value
        text = ast.unparse(node.func)
        if method in ALWAYS:
            found.append((node.lineno, text))
        elif method == "save":
            to_a_buffer = len(node.args) == 1 and not node.keywords
            if not to_a_buffer:
                found.append((node.lineno, text))
        elif method == "delete":
            if _receiver_name(receiver) not in NOT_THE_DATABASE:
                found.append((node.lineno, text))
        elif method == "update":
            on_queryset = bool(QUERYSET_METHODS & set(_chain(receiver)))
            keywords_only = bool(node.keywords) and not node.args
            if on_queryset or keywords_only:
                found.append((node.lineno, text))
    return sorted(found)


def test_the_rule_sees_the_writes_it_names_and_nothing_else():
    source = """
@router.delete("/x/{pk}")
def op(request, pk):
    Action.objects.create(name="a")
    Action.objects.filter(pk=pk).update(state="done")
    action.save(update_fields=["name"])
    form.save()
    batch.file.save("name", content, save=False)
    action.delete()
    Thing.objects.get_or_create(pk=1)
    qs.update(state="x")
    context = {}
    context.update(extra)
    context.update({"a": 1})
    cache.delete("key")
    image.save(buffer)
    return render(request, "t.html", context)
"""
    assert [text for _line, text in writes(source)] == [
        "Action.objects.create",
        "Action.objects.filter(pk=pk).update",
        "action.save",
        "form.save",
        "batch.file.save",
        "action.delete",
        "Thing.objects.get_or_create",
        "qs.update",
    ]


def test_the_modules_are_found():
    names = {str(path.relative_to(ROOT)) for path in view_and_api_modules()}
    assert {"programme/api.py", "territories/views.py", "core/views.py"} <= names
    assert any(name.startswith("programme/views/") for name in names)
    assert "api/services.py" not in names


@pytest.mark.parametrize(
    "path", view_and_api_modules(), ids=lambda path: str(path.relative_to(ROOT))
)
def test_views_and_api_modules_do_not_write(path):
    offences = writes(path.read_text(encoding="utf-8"))
    assert not offences, (
        f"{path.relative_to(ROOT)} writes outside a service: "
        + ", ".join(f"line {line}: {text}()" for line, text in offences)
        + ". Move the write into the app's services (one transaction, full_clean, audit)."
    )
