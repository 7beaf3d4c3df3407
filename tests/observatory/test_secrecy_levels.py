"""Secondary suppression across levels (secrecy.complementary, secrecy.protect_total): where
sibling areas are shown beside their parent's total, the total minus the areas shown never
equals a hidden area's value."""

import random
from decimal import Decimal

from maillage.observatory import secrecy
from maillage.observatory.figures import FigureStatus

D = Decimal


def _cell(code: str, value: int | None, level: str = "commune") -> secrecy.Cell:
    return secrecy.Cell("NAIS", level, code, 2021, None if value is None else D(value), "")


def _rules(min_count: int = 5) -> secrecy.Rules:
    return secrecy.Rules(
        min_count=min_count,
        income_min_households=11,
        household_count_variable="NBMENFISC",
        round_to_5=False,
        count_variables=frozenset({"NAIS"}),
        income_variables=frozenset(),
    )


def test_nothing_hidden_nothing_more():
    assert secrecy.complementary({"a": D(3)}, hidden=0, hidden_nonzero=0) == ([], False)


def test_one_secret_hides_the_smallest_non_zero_other():
    shown = {"a": D(40), "b": D(0), "c": D(12), "d": D(90)}
    assert secrecy.complementary(shown, hidden=1, hidden_nonzero=1) == (["c"], False)


def test_a_withheld_value_may_be_zero_so_two_others_are_hidden():
    shown = {"a": D(40), "c": D(12), "d": D(90)}
    assert secrecy.complementary(shown, hidden=1, hidden_nonzero=0) == (["c", "a"], False)


def test_two_non_zero_secrets_protect_each_other():
    assert secrecy.complementary({"a": D(40)}, hidden=2, hidden_nonzero=2) == ([], False)


def test_without_a_complement_the_total_is_hidden():
    assert secrecy.complementary({"a": D(0)}, hidden=1, hidden_nonzero=1) == ([], True)
    total = _cell("99", 3, level="departement")
    children = [_cell("99001", 3), _cell("99002", 0)]
    secrecy.apply(children, _rules())  # 3 is secret; a zero protects nothing
    assert children[1].status == FigureStatus.OK
    secrecy.protect_total(children, total)
    assert total.status == FigureStatus.SECRET
    assert total.value is None
    assert total.why == secrecy.Why.COMPLEMENT


def test_the_complement_says_why():
    children = [_cell("99001", 3), _cell("99002", 50), _cell("99003", 20)]
    total = _cell("99", 73, level="departement")
    secrecy.apply(children, _rules())
    secrecy.protect_total(children, total)
    assert [c.why for c in children] == [
        secrecy.Why.SMALL_COUNT,
        "",
        secrecy.Why.COMPLEMENT,
    ]
    assert total.status == FigureStatus.OK


def test_total_minus_the_others_never_equals_a_hidden_value():
    """Randomised (seeded): communes with small counts, zeros, source-secret cells and
    withheld communes (a commune that shares nothing, left out unread); whatever the
    rules hid, the département's total minus the communes shown is never the value of
    one hidden commune."""
    generator = random.Random(20261205)
    checked = 0
    for _round in range(3000):
        size = generator.randint(1, 12)
        values = [
            generator.choice(
                [0, 0, generator.randint(1, 4), generator.randint(1, 9), generator.randint(5, 500)]
            )
            for _ in range(size)
        ]
        codes = [f"99{index + 1:03d}" for index in range(size)]
        withheld = {code for code in codes if generator.random() < 0.15}
        source_secret = {code for code in codes if generator.random() < 0.05} - withheld
        min_count = generator.choice([3, 5, 11])
        total = _cell("99", sum(values), level="departement")
        cells: list[secrecy.Cell] = []
        for code, value in zip(codes, values, strict=True):
            if code in withheld:
                continue
            if code in source_secret:
                cells.append(secrecy.Cell("NAIS", "commune", code, 2021, None, "s"))
            else:
                cells.append(_cell(code, value))
        secrecy.apply(cells, _rules(min_count))
        secrecy.protect_total(cells, total, withheld=len(withheld))
        if total.status != FigureStatus.OK:
            continue
        shown = {c.geo_code: c.value for c in cells if c.status == FigureStatus.OK}
        hidden = [code for code in codes if code not in shown]
        remainder = total.value - sum(v for v in shown.values() if v is not None)  # type: ignore[operator]
        truth = dict(zip(codes, values, strict=True))
        for code in hidden:
            assert remainder != truth[code], (values, withheld, source_secret, min_count, code)
            checked += 1
    assert checked > 1000
