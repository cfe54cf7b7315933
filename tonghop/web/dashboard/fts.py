"""Full-text index of the answers (Answer.folded: the section's text lower-cased,
accents and footnote markers gone), so search asks an index instead of reading
every answer of a campaign.

- PostgreSQL: a stored generated column holding the tsvector of the folded text
  ('simple' dictionary: no stemming, Vietnamese has none to do) with a GIN index on
  it.  The text is already unaccented, so no `unaccent` extension is needed (it
  needs superuser rights to install).  Stored rather than an index on the
  expression: a phrase is checked against word positions, which an expression
  index would recompute from the whole text of every candidate answer.
- SQLite: an FTS5 table over the answers table (external content: only the index is
  stored), kept in step by triggers on insert, update and delete, so every way rows
  are written (the upload service, bulk_create, tests) is indexed.

Both split the text into runs of letters and digits (punctuation, "_" and spaces
part words): the same words `query_words` reads from what is typed.
"""

from __future__ import annotations

FTS_TABLE = "dashboard_answer_fts"
ANSWERS = "submissions_answer"
PG_INDEX = "dashboard_answer_search"
PG_COLUMN = "dashboard_search"  # on the answers table, unknown to Django's model
PG_VECTOR = "to_tsvector('simple'::regconfig, regexp_replace(folded, '[^[:alnum:]]+', ' ', 'g'))"

SQLITE_TRIGGERS = {
    "dashboard_answer_fts_ai": f"""
        CREATE TRIGGER IF NOT EXISTS dashboard_answer_fts_ai AFTER INSERT ON {ANSWERS} BEGIN
          INSERT INTO {FTS_TABLE}(rowid, folded) VALUES (new.id, new.folded);
        END""",
    "dashboard_answer_fts_ad": f"""
        CREATE TRIGGER IF NOT EXISTS dashboard_answer_fts_ad AFTER DELETE ON {ANSWERS} BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, folded) VALUES ('delete', old.id, old.folded);
        END""",
    "dashboard_answer_fts_au": f"""
        CREATE TRIGGER IF NOT EXISTS dashboard_answer_fts_au AFTER UPDATE ON {ANSWERS} BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, folded) VALUES ('delete', old.id, old.folded);
          INSERT INTO {FTS_TABLE}(rowid, folded) VALUES (new.id, new.folded);
        END""",
}


def create(connection) -> None:
    """Make the index (a migration step; running it twice changes nothing)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                f"ALTER TABLE {ANSWERS} ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector "
                f"GENERATED ALWAYS AS ({PG_VECTOR}) STORED"
            )
            cur.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {ANSWERS} USING gin ({PG_COLUMN})"
            )
        elif connection.vendor == "sqlite":
            cur.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(folded, "
                f"content='{ANSWERS}', content_rowid='id', tokenize='unicode61')"
            )
            ensure_triggers(connection, rebuild=True)


def drop(connection) -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
            cur.execute(f"ALTER TABLE {ANSWERS} DROP COLUMN IF EXISTS {PG_COLUMN}")
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")
            cur.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def ensure_triggers(connection, rebuild: bool = False) -> bool:
    """SQLite: put back triggers a later migration lost (Django rebuilds a table to
    change it, and the triggers go with the old table), and then index again what
    was written meanwhile.  Returns True when something was redone."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cur:
        cur.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE]
        )
        if cur.fetchone() is None:
            return False
        cur.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [ANSWERS]
        )
        present = {row[0] for row in cur.fetchall()}
        missing = [name for name in SQLITE_TRIGGERS if name not in present]
        for name in missing:
            cur.execute(SQLITE_TRIGGERS[name])
        if missing or rebuild:
            cur.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return bool(missing) or rebuild
