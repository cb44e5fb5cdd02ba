"""`salesbot import leads FILE [--team NAME]`: what the operator reads, what the reps get."""

from __future__ import annotations

import io
import json
from pathlib import Path

import yaml
from sqlalchemy import select

from bot.cli import main
from bot.lead_import import import_leads
from storage.db import Database
from storage.models import Lead, Member, Offer


def config_file(tmp_path: Path, database_url: str) -> Path:
    path = tmp_path / "config.yaml"
    reps = [{"name": "Alice"}, {"name": "Bob"}]
    teams = [
        {"name": "sales", "managers": ["U0MARIA"], "reps": reps},
        {"name": "emea", "managers": ["U0MARIA"], "reps": [{"name": "Erik"}]},
    ]
    raw = {"database": {"url": database_url}, "teams": teams}
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def leads_in(database_url: str) -> list[tuple]:
    """(company, amount, source, team's first rep offered) of every lead, in order."""
    db = Database(database_url)
    try:
        with db.transaction() as s:
            rows = s.execute(
                select(Lead.company, Lead.amount, Lead.source, Member.name)
                .join(Offer, (Offer.lead_id == Lead.id) & (Offer.seq == 1))
                .join(Member, Member.id == Offer.member_id)
                .order_by(Lead.id)
            ).all()
        return [(c, None if a is None else str(a), src, rep) for c, a, src, rep in rows]
    finally:
        db.dispose()


def test_a_csv_file_enters_the_rotation_in_file_order(tmp_path, database_url, capsys):
    cfg = config_file(tmp_path, database_url)
    source = tmp_path / "leads.csv"
    source.write_text(
        "company,contact,amount,tier,external_id,source,team\n"
        "Acme,Li Lei,12000,smb,trial-1,,\n"
        '"Beta, Ltd",,,,trial-2,fair,\n'
        "Gamma,,99.5,,trial-3,,emea\n",
        encoding="utf-8",
    )
    assert main(["import", "leads", str(source), "--config", str(cfg)]) == 0
    assert capsys.readouterr().out == f"{source}: 3 lead(s) added, 0 already there.\n"
    assert leads_in(database_url) == [
        ("Acme", "12000.00", "import", "Alice"),
        ("Beta, Ltd", None, "fair", "Bob"),
        ("Gamma", "99.50", "import", "Erik"),
    ]
    # the same file again adds nothing: every row has an external_id already known
    assert main(["import", "leads", str(source), "--config", str(cfg)]) == 0
    assert capsys.readouterr().out == f"{source}: 0 lead(s) added, 3 already there.\n"
    assert len(leads_in(database_url)) == 3


def test_json_lines_and_a_team_for_rows_that_name_none(tmp_path, database_url, capsys):
    cfg = config_file(tmp_path, database_url)
    source = tmp_path / "leads.jsonl"
    lines = [{"company": "Delta", "amount": 5}, {"company": "Echo", "team": "sales"}]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    assert main(["import", "leads", str(source), "--team", "emea", "--config", str(cfg)]) == 0
    assert [(c, rep) for c, _, _, rep in leads_in(database_url)] == [
        ("Delta", "Erik"),
        ("Echo", "Alice"),
    ]
    assert main(["import", "leads", str(source), "--team", "apac", "--config", str(cfg)]) == 2
    assert "no team called 'apac'" in capsys.readouterr().err


def test_a_file_with_bad_rows_is_refused_whole_every_problem_with_its_line(
    tmp_path, database_url, capsys
):
    cfg = config_file(tmp_path, database_url)
    source = tmp_path / "bad.csv"
    source.write_text(
        "company,amount,email,team\n"
        "Fine,100,,\n"
        ",5,,\n"
        "Textual,12 thousand,,\n"
        "Negative,-3,,\n"
        "Nowhere,,,apac\n"
        "Short,1\n"
        'Quoted,"7\n'
        '8",,\n'
        "Control\x07,,,\n",
        encoding="utf-8",
    )
    assert main(["import", "leads", str(source), "--config", str(cfg)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{source}: nothing imported; 7 problem(s):",
        "  line 3: company: is required",
        "  line 4: amount: must be a number, not text or true/false",
        "  line 5: amount: must be a number from 0 up to 10^13",
        "  line 6: team: no team called 'apac'",
        "  line 7: 2 cells, the header has 4",
        "  line 8: amount: must be a number, not text or true/false",
        "  line 10: company: control characters are not allowed",
    ]
    assert leads_in(database_url) == []


def test_files_it_cannot_read(tmp_path, database_url, capsys):
    cfg = config_file(tmp_path, database_url)
    odd = tmp_path / "leads.xlsx"
    odd.write_bytes(b"PK")
    assert main(["import", "leads", str(odd), "--config", str(cfg)]) == 1
    assert "use a .csv file (with a header row) or .jsonl lines" in capsys.readouterr().err
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"company": "Fine"}\n[1]\n{nope\n', encoding="utf-8")
    assert main(["import", "leads", str(broken), "--config", str(cfg)]) == 1
    assert capsys.readouterr().err.splitlines()[1:] == [
        "  line 2: expected a JSON object",
        "  line 3: not valid JSON",
    ]
    headless = tmp_path / "headless.csv"
    headless.write_text("name,amount\nAcme,5\n", encoding="utf-8")
    assert main(["import", "leads", str(headless), "--config", str(cfg)]) == 1
    assert "line 1: the header has no company column" in capsys.readouterr().err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal_for_a_long_file(bot, tmp_path):
    source = tmp_path / "many.jsonl"
    source.write_text(
        "".join(
            json.dumps({"company": f"Co {i}", "external_id": f"x{i}"}) + "\n" for i in range(250)
        ),
        encoding="utf-8",
    )
    terminal = Terminal()
    imported, lines = import_leads(bot.svc, source, "sales", progress=terminal)
    assert imported and lines == [f"{source}: 250 lead(s) added, 0 already there."]
    assert "250/250" in terminal.getvalue()
    piped = io.StringIO()
    import_leads(bot.svc, source, "sales", progress=piped)
    assert piped.getvalue() == ""
