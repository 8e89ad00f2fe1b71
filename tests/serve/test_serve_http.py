"""jxlint serve over HTTP: what the page is sent for a good, a bad, a slow and a too large upload."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from serve_fixtures import (  # noqa: F401 — fixtures
    SEED,
    counts,
    post_files,
    seed_workbook_fixture,
    served_fixture,
    serving,
)

from jxlint.serve.app import Limits, create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_page_states_its_limits_and_serves_its_own_assets(served: str) -> None:
    status, headers, html = _get(served + "/")
    assert status == 200 and "default-src 'self'" in headers["content-security-policy"]
    assert "每次最多 20 个文件，每个不超过 10 MB，合计不超过 20 MB" in html
    assert "{{" not in html and "http" not in html.replace('name="viewport"', "")  # no CDN, no outside address
    for asset in ("/static/app.css", "/static/app.js"):
        assert _get(served + asset)[0] == 200
    assert '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC"' in _get(served + "/static/app.css")[2]


def test_lint_places_findings_on_cells(served: str, seed_workbook: Path) -> None:
    text = (EXAMPLES / SEED).read_bytes()
    status, _, body = post_files(served + "/api/lint", [("files", seed_workbook.name, seed_workbook.read_bytes()),
                                                        ("files", SEED, text)])
    assert status == 200
    workbook, seed = json.loads(body)["files"]
    assert workbook["counts"] == counts(seed_workbook) and workbook["counts"]["tables"] == 3
    first = workbook["tables"][0]
    assert (first["project"], first["plan_year"], first["budget_yuan"]) == ("2025年知识产权信息化建设运行维护经费", 2025, 310000)
    flagged = {(c["where"], c["text"], c["severity"]) for row in first["head"] + first["rows"] for c in row["cells"]
               if c["severity"]}
    assert flagged == {("表1!C5", "310,000 元", "warning"), ("表1!E15", "2015年12月前", "error"),
                       ("表1!E16", "2015年12月前", "error")}
    messages = {f["rule"]: f["message"] for f in workbook["findings"]}
    assert messages["BUDGET001"]["zh"] == "成本合计 280000×1 + 9500×12 + 20500×12 = 640000 元 > 预算 310000 元"
    assert "budget 310000" in messages["BUDGET001"]["en"]
    # the text seed: every finding of a table lands on a row of its grid, the same rules as the command line
    assert seed["counts"]["tables"] == 8 and seed["file_findings"] == []
    cli = subprocess.run([sys.executable, "-m", "jxlint", "check", "--format", "json", str(EXAMPLES / SEED)],
                         capture_output=True, text=True, check=False)
    assert [f["rule"] for f in seed["findings"]] == [f["rule"] for f in json.loads(cli.stdout)["findings"]]


def test_a_bad_file_gives_its_read_finding_not_a_500(served: str) -> None:
    files = [("files", "damaged.xlsx", b"PK\x03\x04garbage"), ("files", "empty.csv", b""),
             ("files", "../../etc/passwd.docx", b"\x00" * 64)]
    status, _, body = post_files(served + "/api/lint", files)
    assert status == 200
    views = json.loads(body)["files"]
    assert [v["name"] for v in views] == ["damaged.xlsx", "empty.csv", "passwd.docx"]
    for view in views:
        assert view["unreadable"] and view["tables"] == []
        assert [view["findings"][n]["rule"] for n in view["file_findings"]] == ["READ001"]


def test_limits_refuse_too_many_files_and_too_large_uploads(served: str) -> None:
    status, _, body = post_files(served + "/api/lint", [("files", f"{n}.txt", b"x") for n in range(21)])
    assert status == 400 and "20" in json.loads(body)["error"]
    status, _, body = post_files(served + "/api/lint", [("files", "big.txt", b"x" * (22 * 1024 * 1024))])
    assert status == 413 and "20 MB" in json.loads(body)["error"]
    status, _, body = post_files(served + "/api/lint", [("files", "big.txt", b"x" * (11 * 1024 * 1024))])
    view = json.loads(body)["files"][0]
    assert status == 200 and "10 MB" in view["findings"][0]["message"]["zh"] and view["findings"][0]["rule"] == "READ001"


def test_downloads_json_sarif_and_the_annotated_workbook(served: str, seed_workbook: Path) -> None:
    upload = [("file", seed_workbook.name, seed_workbook.read_bytes())]
    status, headers, body = post_files(served + "/api/download?format=json&lang=en", upload)
    assert status == 200 and "binhai-three-tables.jxlint.json" in headers["content-disposition"]
    document = json.loads(body)
    assert document["summary"]["error"] == counts(seed_workbook)["error"] >= 3
    assert document["findings"][0]["path"] == seed_workbook.name
    status, _, body = post_files(served + "/api/download?format=sarif&lang=zh", upload)
    assert status == 200 and json.loads(body)["version"] == "2.1.0"
    status, _, body = post_files(served + "/api/download?format=annotated&lang=zh", upload)
    assert status == 200
    sheet = load_workbook(BytesIO(body))["表1"]
    assert "DATE001" in sheet["E15"].comment.text and sheet["E15"].fill.fgColor.rgb.endswith("FFC7CE")
    status, _, body = post_files(served + "/api/download?format=annotated&lang=zh", [("file", SEED, b"text")])
    assert status == 422 and "xlsx" in json.loads(body)["error"]


def test_explain_endpoint(served: str) -> None:
    status, _, text = _get(served + "/api/explain/UNIT001")
    assert status == 200 and text.startswith("UNIT001 unit.temperature-unit") and "Fails:" in text
    assert _get(served + "/api/explain/NOPE999")[0] == 404


def test_a_slow_file_is_stopped_and_does_not_block_the_others(seed_workbook: Path) -> None:
    slow = (EXAMPLES / SEED).read_bytes() * 100  # some 800 tables: seconds of work, past a 0.5 s limit
    app = create_app(limits=Limits(seconds_per_file=0.5), workers=2)
    with serving(app) as url:
        status, _, body = post_files(url + "/api/lint", [("files", "slow.txt", slow),
                                                         ("files", "quick.xlsx", seed_workbook.read_bytes())])
        assert status == 200
        stopped, quick = json.loads(body)["files"]
        assert [f["rule"] for f in stopped["findings"]] == ["JXL002"]
        assert "TimeLimit" in stopped["findings"][0]["message"]["en"] and "0.5 s" in stopped["findings"][0]["message"]["en"]
        assert quick["counts"] == counts(seed_workbook)
        status, _, body = post_files(url + "/api/lint", [("files", "again.xlsx", seed_workbook.read_bytes())])
        assert json.loads(body)["files"][0]["counts"] == counts(seed_workbook)  # the stopped worker was replaced


def test_serve_without_the_extra_says_how_to_install_it() -> None:
    code = ("import sys; sys.modules['uvicorn'] = None; from jxlint.cli import main; "
            "sys.exit(main(['serve', '--port', '1']))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 2 and "pip install 'jxlint[serve]'" in run.stderr
