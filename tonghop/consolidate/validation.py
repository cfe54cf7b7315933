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


def check(
    rules: list[Rule],
    values: list[UnitValue],
    totals: dict[tuple[str, str], Total] | None = None,
) -> list[Violation]:
    """Violations of each unit's own values, then of each node's totals.

    Thousands of units times dozens of rules: each rule is judged with its sides summed
    straight from the unit's values, and a message is written only for a violation."""
    for rule in rules:
        if rule.operator not in OPERATORS:
            raise ValueError(f"Toán tử không hợp lệ: {rule.operator!r}")
    plan = [(rule, OPERATORS[rule.operator], tuple(rule.left), tuple(rule.right))
            for rule in rules]  # fmt: skip
    per_unit: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for v in values:
        per_unit[v.unit_id][v.indicator] = v.value
    out: list[Violation] = []

    def judge_all(node: str, given: dict[str, Decimal]) -> None:
        for rule, op, left_keys, right_keys in plan:
            try:
                left = sum([given[k] for k in left_keys], _ZERO)
                right = sum([given[k] for k in right_keys], _ZERO)
            except KeyError:
                continue  # a part not given: missing data, not a broken rule
            if not op(left, right):
                out.append(_violation(rule, node, left, right))

    for unit_id, given in per_unit.items():
        judge_all(unit_id, given)
    if totals:
        per_node: dict[str, dict[str, Decimal]] = defaultdict(dict)
        for (node, key), t in totals.items():
            if t.value is not None:
                per_node[node][key] = t.value
        for node, given in per_node.items():
            if node in per_unit and per_unit[node] == given:
                continue  # a leaf: its total is its own value, already judged
            judge_all(node, given)
    return out


_ZERO = Decimal(0)


def _violation(rule: Rule, node: str, left: Decimal, right: Decimal) -> Violation:
    words = OPERATOR_WORDS[rule.operator]
    detail = f"vế trái {vn_number(left)} phải {words} vế phải {vn_number(right)}"
    message = f"{rule.message}: {detail}" if rule.message else detail
    return Violation(rule.key, node, left, right, rule.importance, message)
