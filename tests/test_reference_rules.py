"""The branches of extract_references, rule by rule, each on a Spot where a reference
may start."""

from tonghop import references as r
from tonghop.model import Reference


def spot(text: str, at: str = "") -> r.Spot:
    """The spot at the first "số"/"Số" (or at `at`) in `text`."""
    i = (
        text.index(at)
        if at
        else next(k for k in range(len(text)) if text[k : k + 2] in ("số", "Số"))
    )
    m = r._CAND_RE.match(text, i)
    return r.Spot(text, i, m.end(), text[i] in "sS", r._type_before(text, i))


def test_the_rules_in_order():
    assert (
        r.type_without_number,
        r.type_with_number,
        r.number_sign_with_symbol,
    ) == r.REFERENCE_RULES


def test_rule_type_without_number():
    found = r.type_without_number(spot("theo Kết luận số cần bám sát"))
    assert isinstance(found, Reference)
    assert (found.type, found.number, found.text) == ("Kết luận", "", "Kết luận số")
    assert r.type_without_number(spot("theo kết luận số cần bám sát")) is False  # not titled
    assert r.type_without_number(spot("Kế hoạch số lượng lớn")) is False  # "số lượng"
    assert r.type_without_number(spot("Kết luận số 01-KL/TW")) is None  # it has a number
    assert r.type_without_number(spot("có số cần bám sát")) is None  # no type before


def test_rule_type_with_number():
    head = r.type_with_number(spot("Kết luận số 01-KL/TW của Bộ Chính trị"))
    assert (head.type, head.numsym.group("num"), head.issuer) == ("Kết luận", "01", "TW")
    assert r.type_with_number(spot("Nghị định 30/2020/NĐ-CP", "30")).type == "Nghị định"
    assert r.type_with_number(spot("Kết luận 01 của Bộ", "01")).type == "Kết luận"
    assert r.type_with_number(spot("Kế hoạch 5 năm", "5")) is False  # no reference
    assert r.type_with_number(spot("kết luận 01 của Bộ", "01")) is False  # not a title
    assert r.type_with_number(spot("Kết luận số cần")) is None  # no number: not its case
    assert r.type_with_number(spot("có số 05-CT/TW")) is None  # no type: not its case


def test_rule_number_sign_with_symbol():
    head = r.number_sign_with_symbol(spot("thực hiện số 05-CT/TW của Bộ Chính trị"))
    assert head.type == "Chỉ thị" and head.numsym.group("party") == "CT/TW"
    # in a list any symbol will do; elsewhere the code must name the type
    listed = r.number_sign_with_symbol(spot("các Công văn: số 87/HĐND-KTNS"))
    assert listed.type == "Công văn"
    assert r.number_sign_with_symbol(spot("Công điện gửi số 131/CĐ-TTg")) is False
    assert r.number_sign_with_symbol(spot("có số 05 người")) is False  # no symbol
    assert r.number_sign_with_symbol(spot("Kết luận số 01-KL/TW")) is None  # typed


def test_party_qd_serves_rules_and_decisions():
    head = r.number_sign_with_symbol(spot("Quy định 22, số 24-QĐ/TW"))
    assert head.type == "Quy định"


def test_a_head_is_finished_with_its_date_and_issuer():
    text = "Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về học tập"
    [ref] = r.extract_references(text)
    assert (ref.number, ref.symbol, ref.date) == ("01", "KL/TW", "2021-05-18")
    assert ref.issuer == "Bộ Chính trị" and ref.text.startswith("Kết luận số 01-KL/TW, ngày")
