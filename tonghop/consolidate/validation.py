"""Validation rules, DHIS2 style: left side, operator, right side, checked per unit and node.

A side is a sum of indicator values; an empty right side is the number 0.  A rule is
only judged where every indicator it names has a value: a unit that left a part out is
missing data (shown elsewhere), not a broken rule.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from decimal import Decimal

from tonghop.consolidate.model import SUM, Indicator, Rule, Total, UnitValue, Violation
from tonghop.numbers import vn_number

OPERATORS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}
OPERATOR_WORDS = {
    "==": "bằng",
    "!=": "khác",
    "<=": "không lớn hơn",
    ">=": "không nhỏ hơn",
    "<": "nhỏ hơn",
    ">": "lớn hơn",
}


def default_rules(indicators: list[Indicator]) -> list[Rule]:
    """A count or an amount is never negative."""
    return [
        Rule(
            key=f"khong-am:{i.key}",
            left=[i.key],
            operator=">=",
            right=[],
            importance="error",
            message=f"{i.name} không được là số âm",
        )
        for i in indicators
        if i.aggregation == SUM
    ]


def _side(keys: list[str], values: dict[str, Decimal]) -> Decimal | None:
    if not keys:
        return Decimal(0)
    if any(k not in values for k in keys):
        return None
    return sum((values[k] for k in keys), Decimal(0))


def _judge(rule: Rule, node: str, values: dict[str, Decimal]) -> Violation | None:
    op = OPERATORS.get(rule.operator)
    if op is None:
        raise ValueError(f"Toán tử không hợp lệ: {rule.operator!r}")
    left, right = _side(rule.left, values), _side(rule.right, values)
    if left is None or right is None or op(left, right):
        return None
    words = OPERATOR_WORDS[rule.operator]
    detail = f"vế trái {vn_number(left)} phải {words} vế phải {vn_number(right)}"
    message = f"{rule.message}: {detail}" if rule.message else detail
    return Violation(rule.key, node, left, right, rule.importance, message)


def check(
    rules: list[Rule],
    values: list[UnitValue],
    totals: dict[tuple[str, str], Total] | None = None,
) -> list[Violation]:
    """Violations of each unit's own values, then of each node's totals."""
    per_unit: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for v in values:
        per_unit[v.unit_id][v.indicator] = v.value
    out: list[Violation] = []
    for unit_id, given in per_unit.items():
        for rule in rules:
            bad = _judge(rule, unit_id, given)
            if bad:
                out.append(bad)
    if totals:
        per_node: dict[str, dict[str, Decimal]] = defaultdict(dict)
        for (node, key), t in totals.items():
            if t.value is not None:
                per_node[node][key] = t.value
        for node, given in per_node.items():
            if node in per_unit and per_unit[node] == given:
                continue  # a leaf: its total is its own value, already judged
            for rule in rules:
                bad = _judge(rule, node, given)
                if bad:
                    out.append(bad)
    return out
