"""Changing the organisation tree: create, edit, move, close, import from .xlsx/.csv.

Every change is made by a staff member inside their own subtree; a unit is never
deleted (it keeps its reports), only closed.  Errors are Vietnamese sentences.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from tonghop.text import fold
from tonghop.web.accounts.access import profile
from tonghop.web.accounts.models import Profile
from tonghop.web.audit.models import Event, record
from tonghop.web.units.models import Unit, UnitMove


class TreeError(ValidationError):
    """A change the tree refuses; `messages` are Vietnamese, one per problem."""


# --- who may change what ---------------------------------------------------------------


def staff_root(user) -> Unit | None:
    """The unit whose subtree this staff member manages (None for other roles)."""
    p = profile(user)
    if p is None or p.role != Profile.Role.STAFF:
        return None
    return p.unit


def tree_order(u: Unit) -> list[int]:
    """Sort key: ids along the path as numbers, so siblings come in the order they were
    made ("/1/2/" before "/1/10/") and each subtree right under its head."""
    return [int(x) for x in u.tree_path.strip("/").split("/") if x]


def within(root: Unit, unit: Unit | None) -> bool:
    return unit is not None and unit.tree_path.startswith(root.tree_path)


# --- single changes ---------------------------------------------------------------------


def _check_parent(root: Unit, parent: Unit | None) -> None:
    if parent is None or not within(root, parent):
        raise TreeError("Đơn vị cấp trên phải thuộc phạm vi bạn quản lý.")


@transaction.atomic
def create_unit(actor, root: Unit, **fields) -> Unit:
    _check_parent(root, fields.get("parent"))
    unit = Unit.objects.create(**fields)
    record(Event.Action.UNIT, actor=actor, unit=unit, message=f"Thêm đơn vị {unit.name}")
    return unit


@transaction.atomic
def update_unit(actor, root: Unit, unit: Unit, **fields) -> Unit:
    """Name, short name, kind, e-mail, dates: never the parent (that is a move)."""
    fields.pop("parent", None)
    for k, v in fields.items():
        setattr(unit, k, v)
    unit.save()
    record(Event.Action.UNIT, actor=actor, unit=unit, message=f"Sửa thông tin {unit.name}")
    return unit


def _loop_message(unit: Unit, parent: Unit) -> str:
    if parent.pk == unit.pk:
        return f"Không thể đặt «{unit.name}» làm cấp trên của chính nó."
    return (
        f"Không thể chuyển «{unit.name}» vào «{parent.name}»: «{parent.name}» là đơn vị "
        f"cấp dưới của «{unit.name}», cây đơn vị sẽ bị vòng lặp."
    )


@transaction.atomic
def move_unit(actor, root: Unit, unit: Unit, new_parent: Unit, on: dt.date | None = None) -> Unit:
    """Put `unit` (and its whole subtree) under `new_parent`; the old place is recorded."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    if new_parent.tree_path.startswith(unit.tree_path):
        raise TreeError(_loop_message(unit, new_parent))
    if unit.pk == root.pk:
        raise TreeError("Không thể chuyển đơn vị gốc của phạm vi bạn quản lý.")
    _check_parent(root, new_parent)
    if unit.parent_id == new_parent.pk:
        raise TreeError(f"«{unit.name}» đã trực thuộc «{new_parent.name}».")
    old_parent = unit.parent
    UnitMove.objects.create(
        unit=unit,
        old_parent=old_parent,
        new_parent=new_parent,
        moved_on=on or dt.date.today(),
        moved_by=actor,
    )
    unit.parent = new_parent
    unit.save()  # the model rewrites the subtree's paths
    record(
        Event.Action.UNIT,
        actor=actor,
        unit=unit,
        message=f"Chuyển {unit.name} từ {old_parent.name if old_parent else '(gốc)'} "
        f"sang {new_parent.name}",
        old_parent=old_parent.pk if old_parent else None,
        new_parent=new_parent.pk,
    )
    return unit


@transaction.atomic
def close_unit(actor, root: Unit, unit: Unit, on: dt.date | None = None) -> Unit:
    """Close a unit: it keeps its history and reports, and is offered for no new campaign."""
    if unit.pk == root.pk:
        raise TreeError("Không thể đóng đơn vị gốc của phạm vi bạn quản lý.")
    if unit.closed_on:
        raise TreeError(f"«{unit.name}» đã đóng từ ngày {unit.closed_on:%d/%m/%Y}.")
    on = on or dt.date.today()
    if unit.opened_on and on < unit.opened_on:
        raise TreeError("Ngày đóng không được trước ngày thành lập đơn vị.")
    open_below = unit.subtree(include_self=False).filter(closed_on__isnull=True)
    if open_below.exists():
        names = ", ".join(u.name for u in open_below[:3])
        raise TreeError(
            f"«{unit.name}» còn {open_below.count()} đơn vị cấp dưới đang hoạt động ({names}"
            f"{'...' if open_below.count() > 3 else ''}): hãy chuyển hoặc đóng các đơn vị đó "
            "trước."
        )
    unit.closed_on = on
    unit.save()
    record(Event.Action.UNIT, actor=actor, unit=unit, message=f"Đóng đơn vị {unit.name}")
    return unit


@transaction.atomic
def reopen_unit(actor, root: Unit, unit: Unit) -> Unit:
    if unit.parent and unit.parent.closed_on:
        raise TreeError(f"Đơn vị cấp trên «{unit.parent.name}» đã đóng: hãy mở lại nó trước.")
    unit.closed_on = None
    unit.save()
    record(Event.Action.UNIT, actor=actor, unit=unit, message=f"Mở lại đơn vị {unit.name}")
    return unit


# --- kinds ------------------------------------------------------------------------------

# Words people write in the "loại" column, folded, beside the codes and labels.
_KIND_WORDS = {
    "thanh uy": Unit.Kind.CITY,
    "tinh uy": Unit.Kind.CITY,
    "ban": Unit.Kind.DEPARTMENT,
    "ban dang": Unit.Kind.DEPARTMENT,
    "van phong": Unit.Kind.DEPARTMENT,
    "quan uy": Unit.Kind.DISTRICT,
    "huyen uy": Unit.Kind.DISTRICT,
    "thi uy": Unit.Kind.DISTRICT,
    "quan, huyen, thi uy": Unit.Kind.DISTRICT,
    "dang uy khoi": Unit.Kind.BLOC,
    "khoi": Unit.Kind.BLOC,
    "dang uy": Unit.Kind.COMMITTEE,
    "dang uy truc thuoc": Unit.Kind.COMMITTEE,
    "mttq": Unit.Kind.FRONT,
    "mat tran": Unit.Kind.FRONT,
    "mat tran to quoc": Unit.Kind.FRONT,
    "doan the": Unit.Kind.MASS_ORG,
    "to chuc chinh tri - xa hoi": Unit.Kind.MASS_ORG,
    "to chuc ct-xh": Unit.Kind.MASS_ORG,
    "co so": Unit.Kind.GRASSROOTS,
    "co so dang": Unit.Kind.GRASSROOTS,
    "tccsd": Unit.Kind.GRASSROOTS,
    "khac": Unit.Kind.OTHER,
}
for _value, _label in Unit.Kind.choices:
    _KIND_WORDS[_value] = Unit.Kind(_value)
    _KIND_WORDS[fold(_label)] = Unit.Kind(_value)


def parse_kind(text: str) -> str | None:
    key = re.sub(r"\s+", " ", fold(text or "")).strip(" .")
    if not key:
        return Unit.Kind.OTHER
    return _KIND_WORDS.get(key)


def kind_names() -> str:
    return "; ".join(f"{value} ({label})" for value, label in Unit.Kind.choices)


# --- import -----------------------------------------------------------------------------

_COLUMNS = {
    "code": ("ma", "ma don vi", "code"),
    "name": ("ten", "ten don vi", "name"),
    "parent": (
        "ma don vi cap tren",
        "ma cap tren",
        "don vi cap tren",
        "cap tren",
        "ma cha",
        "parent",
        "parent code",
    ),
    "kind": ("loai", "loai don vi", "kind"),
    "email": ("e-mail", "email", "thu dien tu", "dia chi e-mail"),
    "short_name": ("ten viet tat", "ten ngan", "short name"),
}
HEADER_HELP = "mã, tên, mã đơn vị cấp trên, loại, e-mail"


@dataclass
class Row:
    line: int
    code: str
    name: str
    parent: str
    kind_text: str
    email: str
    short_name: str = ""
    kind: str = ""


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def read_table(data: bytes, name: str = "") -> list[list[str]]:
    """Rows of an .xlsx (first sheet) or a UTF-8 .csv (with or without BOM)."""
    if not data.strip():
        raise TreeError("Tệp rỗng: không có dòng nào để nhập.")
    if data.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = wb.worksheets[0]
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            wb.close()
        except Exception:  # openpyxl raises many kinds for a damaged workbook
            raise TreeError(
                "Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx. Hãy mở bằng Excel "
                "và lưu lại dưới dạng .xlsx hoặc CSV UTF-8."
            ) from None
        return rows
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TreeError("Tệp Excel cũ (.xls) chưa được hỗ trợ: hãy lưu lại dưới dạng .xlsx.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TreeError(
            "Tệp CSV không ở mã UTF-8: trong Excel hãy chọn «Lưu dưới dạng» > «CSV UTF-8»."
        ) from None
    if "\x00" in text:
        raise TreeError("Không nhận ra định dạng tệp: chỉ nhập được .xlsx và .csv (UTF-8).")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def parse_rows(table: list[list[str]]) -> list[Row]:
    """Rows of the table under its header row, matched to columns by their names."""
    header_at = next((i for i, r in enumerate(table) if any(c for c in r)), None)
    if header_at is None:
        raise TreeError("Tệp không có dòng nào để nhập.")
    header = [re.sub(r"\s+", " ", fold(c)).strip(" :*") for c in table[header_at]]
    where: dict[str, int] = {}
    for key, names in _COLUMNS.items():
        for i, h in enumerate(header):
            if h in names and key not in where:
                where[key] = i
    if "code" not in where or "name" not in where:
        raise TreeError(
            f"Dòng {header_at + 1} phải là dòng tiêu đề với các cột: {HEADER_HELP} "
            "(không tìm thấy cột «mã» hoặc «tên»)."
        )

    def get(row: list[str], key: str) -> str:
        i = where.get(key)
        return row[i].strip() if i is not None and i < len(row) else ""

    rows = []
    for n, r in enumerate(table[header_at + 1 :], start=header_at + 2):
        if not any(c.strip() for c in r):
            continue
        rows.append(
            Row(
                line=n,
                code=get(r, "code"),
                name=get(r, "name"),
                parent=get(r, "parent"),
                kind_text=get(r, "kind"),
                email=get(r, "email"),
                short_name=get(r, "short_name"),
            )
        )
    if not rows:
        raise TreeError("Tệp chỉ có dòng tiêu đề, không có đơn vị nào để nhập.")
    return rows


def validate_rows(rows: list[Row], root: Unit) -> list[str]:
    """Every problem of the file at once, each naming its row; [] when all is valid."""
    errors: list[str] = []
    in_file = {r.code for r in rows if r.code}
    existing = dict(
        Unit.objects.filter(code__in=in_file | {r.parent for r in rows}).values_list(
            "code", "tree_path"
        )
    )
    names = dict(Unit.objects.filter(code__in=existing).values_list("code", "name"))
    # Current parents inside the subtree, to find loops through units the file leaves alone.
    parent_of = dict(
        Unit.objects.filter(tree_path__startswith=root.tree_path).values_list(
            "code", "parent__code"
        )
    )
    seen: dict[str, int] = {}
    for r in rows:
        where = f"Dòng {r.line}"
        if not r.code:
            errors.append(f"{where}: thiếu mã đơn vị.")
        elif len(r.code) > 40:
            errors.append(f"{where}: mã «{r.code[:40]}...» dài quá 40 ký tự.")
        elif r.code in seen:
            errors.append(
                f"{where}: mã «{r.code}» bị trùng với dòng {seen[r.code]} trong cùng tệp."
            )
        else:
            seen[r.code] = r.line
        if not r.name:
            errors.append(f"{where}: thiếu tên đơn vị.")
        elif len(r.name) > 255:
            errors.append(f"{where}: tên đơn vị dài quá 255 ký tự.")
        kind = parse_kind(r.kind_text)
        if kind is None:
            errors.append(
                f"{where}: loại đơn vị «{r.kind_text}» không có trong danh mục ({kind_names()})."
            )
        else:
            r.kind = kind
        if r.email:
            try:
                validate_email(r.email)
            except ValidationError:
                errors.append(f"{where}: địa chỉ e-mail «{r.email}» không hợp lệ.")
        if r.code in existing and r.code not in parent_of:
            errors.append(
                f"{where}: mã «{r.code}» đã là của một đơn vị ngoài phạm vi bạn quản lý "
                f"({names[r.code]})."
            )
            continue
        if r.code == root.code:
            if r.parent and r.parent != parent_of.get(root.code):
                errors.append(
                    f"{where}: không thể chuyển đơn vị gốc của phạm vi bạn quản lý ({root.name})."
                )
            continue
        if not r.parent:
            errors.append(f"{where}: thiếu mã đơn vị cấp trên.")
        elif r.parent == r.code:
            errors.append(f"{where}: đơn vị «{r.code}» không thể là cấp trên của chính nó.")
        elif r.parent not in in_file and r.parent not in existing:
            errors.append(f"{where}: không có đơn vị cấp trên mã «{r.parent}».")
        elif r.parent not in in_file and r.parent not in parent_of:
            errors.append(f"{where}: đơn vị cấp trên «{r.parent}» nằm ngoài phạm vi bạn quản lý.")
    if errors:
        return errors
    # The tree after the import (the file's rows over the current tree): walk up from each
    # row; meeting a code twice before reaching the root is a loop.
    after = dict(parent_of)
    after.update({r.code: r.parent for r in rows if r.code != root.code})
    loops: set[frozenset[str]] = set()
    for r in rows:
        chain, code = [r.code], after.get(r.code)
        while code and code != root.code:
            if code in chain:
                loop = chain[chain.index(code) :] + [code]
                if frozenset(loop) not in loops:
                    loops.add(frozenset(loop))
                    errors.append(
                        f"Dòng {r.line}: vòng lặp trong cây đơn vị ({' → '.join(loop)}): "
                        "một đơn vị không thể nằm trong nhánh của chính nó."
                    )
                break
            chain.append(code)
            code = after.get(code)
    return errors


def _depth_order(rows: list[Row], root: Unit) -> list[Row]:
    """Parents before children, whatever the file's order."""
    by_code = {r.code: r for r in rows}
    depth: dict[str, int] = {}

    def d(code: str) -> int:
        if code not in by_code or code == root.code:
            return 0
        if code not in depth:
            depth[code] = d(by_code[code].parent) + 1
        return depth[code]

    return sorted(rows, key=lambda r: (d(r.code), r.line))


def import_units(actor, root: Unit, data: bytes, name: str = "") -> ImportResult:
    """Validate the whole file, then apply it in one transaction; nothing if any row is bad."""
    rows = parse_rows(read_table(data, name))
    errors = validate_rows(rows, root)
    if errors:
        raise TreeError(errors)
    result = ImportResult()
    today = dt.date.today()
    with transaction.atomic():
        for r in _depth_order(rows, root):
            unit = Unit.objects.filter(code=r.code).first()
            parent = Unit.objects.get(code=r.parent) if r.parent and r.code != root.code else None
            if unit is None:
                Unit.objects.create(
                    code=r.code,
                    name=r.name,
                    short_name=r.short_name,
                    kind=r.kind,
                    email=r.email,
                    parent=parent,
                )
                result.created.append(r.code)
                continue
            changed = (unit.name, unit.kind, unit.email) != (r.name, r.kind, r.email) or (
                r.short_name and r.short_name != unit.short_name
            )
            unit.name, unit.kind, unit.email = r.name, r.kind, r.email
            if r.short_name:
                unit.short_name = r.short_name
            if parent is not None and unit.parent_id != parent.pk:
                UnitMove.objects.create(
                    unit=unit,
                    old_parent_id=unit.parent_id,
                    new_parent=parent,
                    moved_on=today,
                    moved_by=actor,
                )
                unit.parent = parent
                result.moved.append(r.code)
                changed = True
            if changed:
                unit.save()
                result.updated.append(r.code)
        record(
            Event.Action.UNIT,
            actor=actor,
            unit=root,
            message=f"Nhập cây đơn vị từ tệp {name}: thêm {len(result.created)}, "
            f"cập nhật {len(result.updated)}, chuyển {len(result.moved)}",
            created=result.created,
            updated=result.updated,
            moved=result.moved,
        )
    return result
