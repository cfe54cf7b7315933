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


def roll_up(
    nodes: list[TreeNode],
    indicators: list[Indicator],
    values: list[UnitValue],
    with_missing: bool = True,
) -> dict[tuple[str, str], Total]:
    """Totals keyed by (node id, indicator key); node id `CAMPAIGN` is the whole campaign.

    Linear in nodes × depth + values: one pass over the values, each added to its
    unit's chain of ancestors.  `with_missing` False leaves each Total's list of the
    units that did not report empty (pages need only their number: expected - reported).
    """
    chains = ancestors(nodes)
    expected_below: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        if n.expected:
            for a in chains[n.id]:
                expected_below[a].append(n.id)
            expected_below[CAMPAIGN].append(n.id)
    by_key = {i.key: i for i in indicators}
    ratios = [i for i in indicators if i.aggregation == RATIO]
    # unit -> indicator -> value; the last value given for a pair wins
    unit_values: dict[str, dict[str, UnitValue]] = defaultdict(dict)
    for v in values:
        if v.unit_id in chains and v.indicator in by_key:
            unit_values[v.unit_id][v.indicator] = v

    # (node, key) -> [value (or numerator), denominator, lower bound, approximate, reported]
    acc: dict[tuple[str, str], list] = {}
    reporting: dict[str, set[str]] = defaultdict(set)  # key -> units with a value
    zero = Decimal(0)
    for unit_id, given in unit_values.items():
        chain = (*chains[unit_id], CAMPAIGN)
        for key, v in given.items():
            if by_key[key].aggregation == RATIO:
                continue
            value, q = v.value, v.qualifier
            lower, approx = q in LOWER_BOUND, q in APPROXIMATE
            reporting[key].add(unit_id)
            for node in chain:
                a = acc.get((node, key))
                if a is None:
                    acc[(node, key)] = [value, zero, lower, approx, 1]
                    continue
                a[0] += value
                a[2] = a[2] or lower
                a[3] = a[3] or approx
                a[4] += 1
        for ind in ratios:
            num, den = given.get(ind.numerator), given.get(ind.denominator)
            if num is None or den is None or den.value == 0:
                continue
            lower = num.qualifier in LOWER_BOUND
            approx = num.qualifier in APPROXIMATE or den.qualifier in APPROXIMATE
            reporting[ind.key].add(unit_id)
            for node in chain:
                a = acc.get((node, ind.key))
                if a is None:
                    acc[(node, ind.key)] = [num.value, den.value, lower, approx, 1]
                    continue
                a[0] += num.value
                a[1] += den.value
                a[2] = a[2] or lower
                a[3] = a[3] or approx
                a[4] += 1

    totals: dict[tuple[str, str], Total] = {}
    for node in [n.id for n in nodes] + [CAMPAIGN]:
        expected = expected_below.get(node, [])
        for ind in indicators:
            a = acc.get((node, ind.key))
            t = Total(
                indicator=ind.key,
                node=node,
                value=None,
                reported=a[4] if a else 0,
                expected=len(expected),
            )
            if with_missing and len(expected) > t.reported:
                done = reporting.get(ind.key, ())
                t.missing = [u for u in expected if u not in done]
            if a is not None:
                t.lower_bound, t.approximate = a[2], a[3]
                if ind.aggregation == RATIO:
                    t.numerator, t.denominator = a[0], a[1]
                    t.value = a[0] * HUNDRED / a[1] if a[1] else None
                else:
                    t.value = a[0]
            totals[(node, ind.key)] = t
    return totals
