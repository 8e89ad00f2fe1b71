"""Load test of ``jxlint serve`` on 127.0.0.1: rounds of concurrent uploads, answered, none lost, memory flat.

    .venv/bin/python benchmarks/serve_load.py                # 4 rounds of 50 concurrent uploads
    .venv/bin/python benchmarks/serve_load.py --uploads 50 --rounds 2 --time-limit 120

The server is started for real (``python -m jxlint serve`` on a free port).
Each upload is one request with one file, taken in turn from the four tables of
examples/ and a three-table workbook written from a seed. Every answer is
checked: status 200, the file's own name, its tables counted. The resident
memory of the server process and of its worker processes is read from /proc
before the first round, after each round and (sampled every 50 ms) at its peak.
Bounded: the run stops with exit status 1 past ``--time-limit`` seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "read"))


def uploads() -> list[tuple[str, bytes]]:
    """The files the load test sends, in turn: the examples and a workbook of three seed tables."""
    from office_fixtures import seed_rows, split_tables, write_xlsx

    files = [(path.name, path.read_bytes()) for path in sorted((ROOT / "examples").glob("*.txt"))]
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "binhai-three-tables.xlsx"
        tables = split_tables(seed_rows("binhai-2025-project-targets.txt"))
        write_xlsx(workbook, [(f"表{n}", rows) for n, rows in enumerate(tables[1:4], 1)])
        files.append((workbook.name, workbook.read_bytes()))
    return files


def post(url: str, name: str, content: bytes) -> tuple[float, int, dict]:
    """One upload: (seconds, status, answer)."""
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url + "/api/lint", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            answer, status = json.loads(response.read()), response.status
    except urllib.error.HTTPError as error:
        answer, status = {}, error.code
    return time.perf_counter() - start, status, answer


def rss_kb(pid: int) -> int:
    """Resident memory of one process, in kB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree(pid: int) -> list[int]:
    """``pid`` and its child processes (the workers)."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        children += [int(p) for p in task.read_text().split()]
    return [pid, *children]


def memory(pid: int) -> tuple[int, int]:
    """(server process, server with its workers) resident memory in kB."""
    return rss_kb(pid), sum(rss_kb(p) for p in tree(pid))


def main() -> int:
    """Run the rounds and print the figures; exit 1 when an answer is missing or wrong, or time runs out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--uploads", type=int, default=50, help="concurrent uploads per round (default 50)")
    parser.add_argument("--rounds", type=int, default=4, help="rounds (default 4)")
    parser.add_argument("--time-limit", type=float, default=300, help="stop with status 1 after this many seconds")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    files = uploads()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "jxlint", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + args.time_limit
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        for name, content in files:  # warm-up: every worker has read every kind of file once
            post(url, name, content)
        before = memory(server.pid)
        peak = [before[1]]
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.wait(0.05):
                peak[0] = max(peak[0], memory(server.pid)[1])

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        rounds, latencies, lost = [], [], 0
        for number in range(args.rounds):
            batch = [files[i % len(files)] for i in range(args.uploads)]
            start = time.perf_counter()
            with ThreadPoolExecutor(args.uploads) as pool:
                answers = list(pool.map(lambda item: post(url, *item), batch))
            elapsed = time.perf_counter() - start
            for (name, _), (seconds, status, answer) in zip(batch, answers):
                latencies.append(seconds)
                views = answer.get("files", [])
                if status != 200 or len(views) != 1 or views[0]["name"] != name or views[0]["counts"]["tables"] < 1:
                    lost += 1
            rounds.append({"round": number + 1, "seconds": round(elapsed, 2),
                           "p95_s": round(statistics.quantiles([a[0] for a in answers], n=20)[-1], 3),
                           "server_rss_kb": memory(server.pid)[0], "with_workers_rss_kb": memory(server.pid)[1]})
            if time.monotonic() > deadline:
                raise SystemExit(f"stopped after round {number + 1}: past --time-limit {args.time_limit:g} s")
        sampling.set()
        sampler.join()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()

    total = sum(r["seconds"] for r in rounds)
    figures = {
        "requests": len(latencies), "lost_or_wrong": lost, "concurrent": args.uploads, "rounds": rounds,
        "total_seconds": round(total, 2), "p50_s": round(statistics.median(latencies), 3),
        "p95_s": round(statistics.quantiles(latencies, n=20)[-1], 3), "max_s": round(max(latencies), 3),
        "server_rss_kb_before": before[0], "with_workers_rss_kb_before": before[1],
        "with_workers_rss_kb_peak": peak[0], "cpus": os.cpu_count(),
    }
    print(f"requests {figures['requests']} ({args.rounds} rounds of {args.uploads} concurrent), "
          f"lost or wrong {lost}, total {total:.2f} s, p50 {figures['p50_s']} s, p95 {figures['p95_s']} s, "
          f"max {figures['max_s']} s")
    print(f"server RSS before {before[0] / 1024:.1f} MB; with workers before {before[1] / 1024:.1f} MB, "
          f"peak {peak[0] / 1024:.1f} MB")
    for r in rounds:
        print(f"  round {r['round']}: {r['seconds']} s, p95 {r['p95_s']} s, server RSS {r['server_rss_kb'] / 1024:.1f} MB, "
              f"with workers {r['with_workers_rss_kb'] / 1024:.1f} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
