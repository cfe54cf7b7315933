"""Adding unit values up the tree: sums, ratios, missing units, qualifiers, validation."""

from decimal import Decimal as D

from tonghop.consolidate.model import RATIO, Indicator, Rule, TreeNode, UnitValue
from tonghop.consolidate.rollup import CAMPAIGN, levels, roll_up
from tonghop.consolidate.validation import check, default_rules
from tonghop.numbers import vn_number

# City -> two committees (A, B); A has grassroots a1, a2; B has b1, b2, b3.
NODES = [
    TreeNode("A", "Đảng ủy A", None),
    TreeNode("a1", "Chi bộ a1", "A"),
    TreeNode("a2", "Chi bộ a2", "A"),
    TreeNode("B", "Đảng ủy B", None),
    TreeNode("b1", "Chi bộ b1", "B"),
    TreeNode("b2", "Chi bộ b2", "B"),
    TreeNode("b3", "Chi bộ b3", "B"),
]
DOCS = Indicator("van-ban", "Số văn bản ban hành", "văn bản")
PLANS = Indicator("ke-hoach", "Số kế hoạch", "kế hoạch")
MEMBERS = Indicator("dang-vien", "Số đảng viên", "đảng viên")
STUDIED = Indicator("hoc-tap", "Số đảng viên học tập", "đảng viên")
SHARE = Indicator(
    "ty-le-hoc-tap", "Tỷ lệ đảng viên học tập", "%", aggregation=RATIO,
    numerator="hoc-tap", denominator="dang-vien",
)  # fmt: skip
MONEY = Indicator("tien", "Số tiền ủng hộ", "đồng")
ALL = [DOCS, PLANS, MEMBERS, STUDIED, SHARE, MONEY]


def v(key, unit, value, qualifier=""):
    return UnitValue(key, unit, D(value), qualifier)


def test_sums_cover_subtrees_and_the_campaign():
    values = [v("van-ban", "a1", 5), v("van-ban", "a2", 2), v("van-ban", "b1", 4),
              v("van-ban", "b2", 7), v("van-ban", "b3", 4)]  # fmt: skip
    t = roll_up(NODES, ALL, values)
    assert t[("A", "van-ban")].value == 7
    assert t[("B", "van-ban")].value == 15
    assert t[(CAMPAIGN, "van-ban")].value == 22  # 001's 22 documents = 5 + 2 + 4 + 7 + 4
    assert t[("b2", "van-ban")].value == 7


def test_missing_unit_is_not_zero_and_coverage_is_told():
    values = [v("van-ban", "a1", 5), v("van-ban", "b1", 0), v("van-ban", "b2", 3)]
    t = roll_up(NODES, ALL, values)
    whole = t[(CAMPAIGN, "van-ban")]
    assert whole.value == 8
    assert (whole.reported, whole.expected) == (3, 7)
    assert whole.coverage_text == "3/7 đơn vị báo cáo"
    assert sorted(whole.missing) == ["A", "B", "a2", "b3"]
    # a reported zero counts as reported
    assert "b1" not in t[("B", "van-ban")].missing
    # nobody reported: no value at all, not 0
    nothing = t[(CAMPAIGN, "ke-hoach")]
    assert nothing.value is None and nothing.reported == 0 and nothing.expected == 7


def test_intermediate_units_not_expected_are_not_counted_missing():
    nodes = [TreeNode("A", "Đảng ủy A", None, expected=False),
             TreeNode("a1", "Chi bộ a1", "A"), TreeNode("a2", "Chi bộ a2", "A")]  # fmt: skip
    t = roll_up(nodes, ALL, [v("van-ban", "a1", 3)])
    assert t[("A", "van-ban")].coverage_text == "1/2 đơn vị báo cáo"
    assert t[("A", "van-ban")].missing == ["a2"]


def test_percentage_is_numerator_over_denominator_never_a_mean():
    values = [
        v("dang-vien", "a1", 100), v("hoc-tap", "a1", 50),  # 50 %
        v("dang-vien", "b1", 900), v("hoc-tap", "b1", 900),  # 100 %
        v("dang-vien", "b2", 10),  # no numerator: left out of the ratio
    ]  # fmt: skip
    t = roll_up(NODES, ALL, values)
    share = t[(CAMPAIGN, "ty-le-hoc-tap")]
    assert share.numerator == 950 and share.denominator == 1000
    assert share.value == 95  # the mean of 50 % and 100 % would say 75 %
    assert share.reported == 2
    assert t[("A", "ty-le-hoc-tap")].value == 50


def test_lower_bound_and_approximate_qualifiers_carry_up():
    values = [v("tien", "a1", 20_000_000_000, "hơn"), v("tien", "b1", 1_500_000_000),
              v("van-ban", "a2", 30, "khoảng")]  # fmt: skip
    t = roll_up(NODES, ALL, values)
    money = t[(CAMPAIGN, "tien")]
    assert money.value == 21_500_000_000 and money.lower_bound and not money.approximate
    assert not t[("B", "tien")].lower_bound
    assert t[(CAMPAIGN, "van-ban")].approximate


def test_tree_as_sent_decides_where_a_unit_counts():
    # b3 was moved under A after the campaign was sent: the nodes given are the tree of
    # that time, so its value still counts under B.
    t = roll_up(NODES, ALL, [v("van-ban", "b3", 4)])
    assert t[("B", "van-ban")].value == 4
    assert t[("A", "van-ban")].value is None


def test_levels():
    assert levels(NODES) == {"A": 1, "a1": 2, "a2": 2, "B": 1, "b1": 2, "b2": 2, "b3": 2}


def test_validation_per_unit_and_per_node():
    rules = [
        Rule("tong", ["van-ban"], "==", ["ke-hoach", "tien"], message="Tổng văn bản"),
        Rule(
            "phan",
            ["hoc-tap"],
            "<=",
            ["dang-vien"],
            importance="warning",
            message="Số đảng viên học tập không vượt số đảng viên",
        ),  # fmt: skip
        *default_rules(ALL),
    ]
    values = [
        v("dang-vien", "a1", 10), v("hoc-tap", "a1", 12),  # part above its whole
        v("dang-vien", "a2", 10), v("hoc-tap", "a2", 5),
        v("van-ban", "b1", -1),  # negative count
    ]  # fmt: skip
    totals = roll_up(NODES, ALL, values)
    found = check(rules, values, totals)
    by = {(x.rule, x.node) for x in found}
    assert ("phan", "a1") in by
    assert ("phan", "a2") not in by
    assert ("khong-am:van-ban", "b1") in by
    # node A: 17 studied of 20 members holds
    assert ("phan", "A") not in by
    # the total rule is not judged where its parts are missing
    assert not any(x.rule == "tong" for x in found)
    msg = next(x.message for x in found if (x.rule, x.node) == ("phan", "a1"))
    assert msg.startswith("Số đảng viên học tập không vượt số đảng viên")
    assert "12" in msg and "10" in msg


def test_vn_number():
    assert vn_number(4320) == "4.320"
    assert vn_number(D("98.90")) == "98,9"
    assert vn_number(6325.0) == "6.325"
    assert vn_number(0.1 + 0.2) == "0,3"
    assert vn_number(D("95.0125"), decimals=1) == "95"
    assert vn_number(D("98.94"), decimals=1) == "98,9"
    assert vn_number(-1234567) == "-1.234.567"
    assert vn_number(None) == ""
