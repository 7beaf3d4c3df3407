"""Indicator formulas: arithmetic over variable codes, parsed with ``ast`` against a
whitelist and evaluated in ``Decimal`` (never ``eval``)."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from django.utils.translation import gettext as _

VARIABLE = re.compile(r"^[A-Z][A-Z0-9_]*$")
MAX_LENGTH = 500


class FormulaError(ValueError):
    """A formula that is not plain arithmetic over variable codes (French message)."""


class Undefined(ArithmeticError):
    """A division by zero: the figure has no value."""


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr
    variables: frozenset[str]

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        return _evaluate(self.tree, values)


_CACHE: dict[str, Formula] = {}


def parse(text: str) -> Formula:
    cached = _CACHE.get(text)
    if cached is not None:
        return cached
    if not text or not text.strip():
        raise FormulaError(_("La formule est vide."))
    if len(text) > MAX_LENGTH:
        raise FormulaError(_("La formule est trop longue."))
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        raise FormulaError(_("Formule illisible : %s.") % text) from exc
    variables: set[str] = set()
    _check(tree, variables)
    formula = Formula(text=text, tree=tree, variables=frozenset(variables))
    _CACHE[text] = formula
    return formula


def _check(node: ast.AST, variables: set[str]) -> None:
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
            raise FormulaError(_("Seules les opérations + - * / sont permises."))
        _check(node.left, variables)
        _check(node.right, variables)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd):
            raise FormulaError(_("Seules les opérations + - * / sont permises."))
        _check(node.operand, variables)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise FormulaError(_("Seuls des nombres et des codes de variables sont permis."))
    elif isinstance(node, ast.Name):
        if not VARIABLE.match(node.id):
            raise FormulaError(
                _("Code de variable invalide : %s (majuscules, chiffres et _).") % node.id
            )
        variables.add(node.id)
    else:
        raise FormulaError(
            _("Seuls des nombres, des codes de variables, + - * / et des parenthèses sont permis.")
        )


def _evaluate(node: ast.expr, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    assert isinstance(node, ast.BinOp)
    left = _evaluate(node.left, values)
    right = _evaluate(node.right, values)
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return left * right
    try:
        return left / right
    except (DivisionByZero, InvalidOperation, ZeroDivisionError) as exc:
        raise Undefined from exc
