"""Add unit values up the organisation tree, as it stood when the campaign was sent.

Every node's total covers its whole subtree (the node itself when it was expected to
report).  A unit with no value is *missing*, never zero: totals carry how many of the
expected units they cover.  A percentage is never averaged: a RATIO indicator is the
sum of its numerator over the sum of its denominator, over the units that gave both.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from tonghop.consolidate.model import RATIO, Indicator, Total, TreeNode, UnitValue

CAMPAIGN = ""  # node id of the whole campaign's totals
LOWER_BOUND = frozenset({"trên", "hơn", "ít nhất", "tối thiểu"})
APPROXIMATE = frozenset({"khoảng", "gần", "xấp xỉ", "chừng"})
HUNDRED = Decimal(100)


def levels(nodes: list[TreeNode]) -> dict[str, int]:
    """Depth of each node in the tree given by `parent` (1 = top)."""
    parent = {n.id: n.parent for n in nodes}
    depth: dict[str, int] = {}

    def walk(node_id: str) -> int:
        # iterative: a deep tree must not hit the recursion limit
        chain = []
        at = node_id
        while at is not None and at not in depth and at in parent and at not in chain:
            chain.append(at)
            at = parent[at]
        base = depth.get(at, 0) if at is not None else 0
        for k, n in enumerate(reversed(chain), start=1):
            depth[n] = base + k
        return depth[node_id]

    for n in nodes:
        if n.id not in depth:
            walk(n.id)
    return depth


def ancestors(nodes: list[TreeNode]) -> dict[str, list[str]]:
    """Each node's chain upward, itself first, within the given nodes."""
    parent = {n.id: n.parent for n in nodes}
    out: dict[str, list[str]] = {}
    for n in nodes:
        chain, at = [], n.id
        while at is not None and at in parent and at not in chain:
            chain.append(at)
            at = parent[at]
        out[n.id] = chain
    return out


class _Acc:
    __slots__ = ("value", "num", "den", "lower", "approx", "reported")

    def __init__(self) -> None:
        self.value = Decimal(0)
        self.num = Decimal(0)
        self.den = Decimal(0)
        self.lower = False
        self.approx = False
        self.reported: set[str] = set()


def roll_up(
    nodes: list[TreeNode], indicators: list[Indicator], values: list[UnitValue]
) -> dict[tuple[str, str], Total]:
    """Totals keyed by (node id, indicator key); node id `CAMPAIGN` is the whole campaign.

    Linear in nodes × depth + values: one pass over the values, each added to its
    unit's chain of ancestors.
    """
    chains = ancestors(nodes)
    expected_below: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        if n.expected:
            for a in chains[n.id]:
                expected_below[a].append(n.id)
            expected_below[CAMPAIGN].append(n.id)
    by_key = {i.key: i for i in indicators}
    # unit -> indicator -> value; the last value given for a pair wins
    unit_values: dict[str, dict[str, UnitValue]] = defaultdict(dict)
    for v in values:
        if v.unit_id in chains and v.indicator in by_key:
            unit_values[v.unit_id][v.indicator] = v

    acc: dict[tuple[str, str], _Acc] = {}

    def add(unit_id: str, key: str, fill) -> None:
        for node in (*chains[unit_id], CAMPAIGN):
            a = acc.get((node, key))
            if a is None:
                a = acc[(node, key)] = _Acc()
            fill(a)
            a.reported.add(unit_id)

    for unit_id, given in unit_values.items():
        for key, v in given.items():
            ind = by_key[key]
            if ind.aggregation == RATIO:
                continue

            def fill(a: _Acc, v=v) -> None:
                a.value += v.value
                a.lower |= v.qualifier in LOWER_BOUND
                a.approx |= v.qualifier in APPROXIMATE

            add(unit_id, key, fill)
        for ind in indicators:
            if ind.aggregation != RATIO:
                continue
            num, den = given.get(ind.numerator), given.get(ind.denominator)
            if num is None or den is None or den.value == 0:
                continue

            def fill(a: _Acc, num=num, den=den) -> None:
                a.num += num.value
                a.den += den.value
                a.lower |= num.qualifier in LOWER_BOUND
                a.approx |= num.qualifier in APPROXIMATE or den.qualifier in APPROXIMATE

            add(unit_id, ind.key, fill)

    totals: dict[tuple[str, str], Total] = {}
    for node in [n.id for n in nodes] + [CAMPAIGN]:
        expected = expected_below.get(node, [])
        for ind in indicators:
            a = acc.get((node, ind.key))
            reported = a.reported if a else set()
            t = Total(
                indicator=ind.key,
                node=node,
                value=None,
                reported=len(reported),
                expected=len(expected),
                missing=[u for u in expected if u not in reported],
            )
            if a is not None:
                t.lower_bound, t.approximate = a.lower, a.approx
                if ind.aggregation == RATIO:
                    t.numerator, t.denominator = a.num, a.den
                    t.value = a.num * HUNDRED / a.den if a.den else None
                else:
                    t.value = a.value
            totals[(node, ind.key)] = t
    return totals
