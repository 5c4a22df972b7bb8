"""Feed serving speed, side by side with nginx serving the same bytes (issue 5, point 7).

    .venv/bin/python bench/feeds_vs_nginx.py [--duration 10] [--workers 1] [--nginx-workers N]

One run:

1. checks that ``wrk`` and ``nginx`` are installed (``apt-get install -y wrk nginx``);
2. starts ``python -m wire.cli serve`` (embedded Valkey, a temporary ``WIRE_DATA_DIR``);
3. creates a correspondent and a partner with the CLI, posts 50 stories as the correspondent;
4. fetches ``/feeds/all.rss`` once as the partner, writes exactly those bytes (and a ``.gz``)
   as static files and starts nginx on them with ``gzip_static on``;
5. runs wrk (2 threads, 64 connections, ``--latency``) against: the service's warm ``200``,
   ``304`` (``If-None-Match``), gzip ``200``, ``/healthz``; nginx ``200`` and ``gzip_static``;
6. measures how long after a ``201`` a new story is visible in a fresh (unconditional) GET
   of the feed, ~20 times;
7. prints the table with the ratios and the targets of issue 5, and stops everything it
   started (service with SIGTERM, so it shuts its embedded Valkey down cleanly; nginx with
   SIGQUIT) on success, error or Ctrl-C.

Fairness: wrk, the service and nginx share this machine's CPUs. nginx gets as many worker
processes as the service gets (``--nginx-workers`` overrides, ``auto`` allowed); both
counts are printed with the table.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FEED_PATH = "/feeds/all.rss"
TARGETS = {"200": 0.35, "gzip": 0.25, "304": 0.9, "p99_ms": 20.0, "visible_ms": 100.0}


# ---------------------------------------------------------------------------- processes


@dataclass
class Started:
    """Every child process this run started, stopped in reverse order by ``stop_all``."""

    procs: list[tuple[str, subprocess.Popen[bytes], int]] = field(default_factory=list)

    def add(self, name: str, proc: subprocess.Popen[bytes], stop_signal: int) -> None:
        self.procs.append((name, proc, stop_signal))

    def stop_all(self, timeout: float = 20.0) -> None:
        for name, proc, sig in reversed(self.procs):
            if proc.poll() is not None:
                continue
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(sig)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                print(f"[bench] {name} did not stop within {timeout:.0f}s; killing its group",
                      file=sys.stderr)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.procs.clear()


def _raise_interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def find_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in ("/usr/sbin", "/usr/local/sbin", "/sbin"):
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(port: int, path: str, proc: subprocess.Popen[bytes], log: Path,
              timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} at start; see {log}:\n"
                               + log.read_text(errors="replace")[-3000:])
        with contextlib.suppress(OSError, http.client.HTTPException):
            status, _, _ = request(port, "GET", path)
            if status < 500:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} within {timeout:.0f}s; see {log}")


def request(port: int, method: str, path: str, body: bytes | None = None,
            headers: Mapping[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=dict(headers or {}))
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
    finally:
        conn.close()


# ------------------------------------------------------------------------------ stories

PLACES = ("Bandar Lampung", "Metro", "Lampung Barat", "Lampung Selatan", "Pringsewu",
          "Tanggamus", "Way Kanan", "Tulang Bawang", "Pesawaran", "Lampung Timur",
          "Lampung Tengah", "Lampung Utara", "Mesuji", "Pesisir Barat", "Palembang", "Jakarta",
          "Bengkulu", "Padang", "Medan", "Pontianak")
AGENCIES = ("ISN", "ANTARA")
PEOPLE = ("Ahmad Fauzi", "Siti Rahmawati", "Budi Santoso", "Dewi Lestari", "Hendra Wijaya",
          "Rina Marlina", "Yusuf Hidayat", "Nur Aini", "Agus Prasetyo", "Maya Sari")
ROLES = ("Kepala Dinas Pertanian", "Wakil Bupati", "Kapolres", "Kepala Dinas Kesehatan",
         "Sekretaris Daerah", "Ketua DPRD", "Kepala BPBD", "Camat", "Kepala Dinas Pendidikan")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "harga": (
        ("Harga {item} di {place} naik {pct} persen menjelang akhir tahun",
         "Pedagang {place} keluhkan lonjakan harga {item}",
         "Pemkab {place} gelar operasi pasar {item}"),
        ("Harga {item} di sejumlah pasar tradisional {place} naik hingga Rp{price} per kilogram "
         "dibandingkan pekan lalu.",
         "Menurut {role} {person}, kenaikan dipicu pasokan dari sentra produksi yang berkurang "
         "akibat curah hujan tinggi selama {n} hari terakhir.",
         "Pemerintah daerah menyiapkan operasi pasar di {n} titik agar harga kembali stabil "
         "sebelum Natal dan Tahun Baru.",
         "Sejumlah pedagang mengaku omzet mereka turun karena pembeli mengurangi jumlah "
         "belanjaan, terutama ibu rumah tangga.",
         "Stok {item} di gudang Bulog setempat dinyatakan aman untuk {n} bulan ke depan."),
    ),
    "banjir": (
        ("Banjir rendam {n} desa di {place}",
         "Ratusan warga {place} mengungsi akibat banjir",
         "BPBD {place} siagakan perahu karet hadapi banjir susulan"),
        ("Banjir setinggi {cm} sentimeter merendam permukiman warga di {n} desa setelah hujan "
         "deras mengguyur {place} sejak dini hari.",
         "{role} {person} mengatakan sebanyak {hh} kepala keluarga terdampak dan sebagian "
         "telah dievakuasi ke balai desa.",
         "Petugas gabungan dari TNI, Polri dan relawan membuka dapur umum untuk memenuhi "
         "kebutuhan makan para pengungsi.",
         "Warga diminta tetap waspada karena prakiraan cuaca menunjukkan hujan masih akan "
         "turun hingga akhir pekan.",
         "Tidak ada korban jiwa dalam peristiwa tersebut, namun kerugian materi ditaksir "
         "mencapai Rp{price} juta."),
    ),
    "kriminal": (
        ("Polisi tangkap pelaku curanmor di {place}",
         "Komplotan pencuri ternak dibekuk di {place}",
         "Polres {place} ungkap {n} kasus narkoba dalam sepekan"),
        ("Jajaran Polres {place} menangkap {n} tersangka yang diduga terlibat dalam rangkaian "
         "pencurian di wilayah tersebut.",
         "{role} {person} menjelaskan para tersangka ditangkap di sebuah rumah kontrakan "
         "beserta barang bukti berupa {n} unit sepeda motor.",
         "Para pelaku dijerat pasal pencurian dengan pemberatan dengan ancaman hukuman "
         "penjara paling lama tujuh tahun.",
         "Polisi masih memburu seorang tersangka lain yang melarikan diri saat penggerebekan.",
         "Masyarakat diimbau menggunakan kunci ganda dan memarkir kendaraan di tempat "
         "yang terang."),
    ),
    "pendidikan": (
        ("{n} sekolah di {place} terima bantuan rehabilitasi",
         "Dinas Pendidikan {place} gelar pelatihan guru",
         "Siswa {place} raih medali olimpiade sains"),
        ("Sebanyak {n} sekolah dasar di {place} menerima bantuan rehabilitasi ruang kelas "
         "senilai total Rp{price} juta tahun ini.",
         "{role} {person} berharap perbaikan gedung dapat meningkatkan kenyamanan belajar "
         "siswa yang selama ini menempati ruang kelas rusak.",
         "Pekerjaan fisik ditargetkan selesai sebelum tahun ajaran baru dimulai pada bulan "
         "Juli mendatang.",
         "Pihak sekolah diminta melibatkan komite dan orang tua murid dalam mengawasi "
         "pelaksanaan pekerjaan.",
         "Selain rehabilitasi, pemerintah daerah juga menyalurkan {hh} paket buku pelajaran."),
    ),
}
ITEMS = ("cabai merah", "bawang merah", "beras", "telur ayam", "minyak goreng", "gula pasir")


def make_story(rng: random.Random, serial: int) -> str:
    """A few paragraphs of Indonesian regional copy, headline first, with a dateline."""
    topic = rng.choice(sorted(TOPICS))
    headlines, sentences = TOPICS[topic]
    slots = {
        "place": rng.choice(PLACES), "item": rng.choice(ITEMS), "role": rng.choice(ROLES),
        "person": rng.choice(PEOPLE), "pct": rng.randint(5, 60), "n": rng.randint(2, 40),
        "price": f"{rng.randint(10, 95)}.{rng.randint(0, 9)}00", "cm": rng.randint(20, 150),
        "hh": rng.randint(40, 900),
    }
    headline = rng.choice(headlines).format(**slots)
    picked = rng.sample(sentences, k=rng.randint(4, len(sentences)))
    day = rng.choice(DAYS)
    lead = (f"{slots['place']}, ({rng.choice(AGENCIES)}) – {picked[0].format(**slots)} "
            f"Hal itu disampaikan pada {day} ({rng.randint(1, 28)}/{rng.randint(1, 12)}).")
    body = [lead] + [s.format(**slots) for s in picked[1:]]
    paragraphs = []
    while body:  # 1-2 sentences per paragraph
        k = min(len(body), rng.randint(1, 2))
        paragraphs.append(" ".join(body[:k]))
        body = body[k:]
    paragraphs.append(f"Laporan nomor {serial} dari meja redaksi {slots['place']}, "
                      f"kode {rng.getrandbits(40):x}.")
    return headline + "\n\n" + "\n\n".join(paragraphs) + "\n"


def post_story(port: int, key: str, text: str) -> tuple[int, dict[str, object]]:
    status, _, data = request(port, "POST", "/v1/stories", text.encode(),
                              {"Authorization": f"Bearer {key}",
                               "Content-Type": "text/plain; charset=utf-8"})
    return status, json.loads(data) if data else {}


# -------------------------------------------------------------------------------- wrk


@dataclass
class WrkResult:
    name: str
    rps: float
    p99_ms: float
    errors: str
    bytes_note: str = ""


def to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(wrk: str, name: str, url: str, headers: Sequence[str], duration: int,
            threads: int, connections: int) -> WrkResult:
    cmd = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
           "--timeout", "10s"]
    for h in headers:
        cmd += ["-H", h]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    if not rps or not p99:
        raise RuntimeError(f"cannot parse wrk output for {name}:\n{out}")
    errors = []
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        errors.append(f"{non2xx.group(1)} non-2xx/3xx")
    sock = re.search(r"Socket errors:(.*)", out)
    if sock:
        errors.append("socket errors:" + sock.group(1).strip())
    transfer = re.search(r"Transfer/sec:\s+(\S+)", out)
    return WrkResult(name, float(rps.group(1)), to_ms(p99.group(1), p99.group(2)),
                     "; ".join(errors), transfer.group(1) if transfer else "")


# ------------------------------------------------------------------------------ nginx


def nginx_conf(prefix: Path, www: Path, port: int, workers: str) -> str:
    user = "user root root;\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
master_process on;
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    types {{ application/rss+xml rss; }}
    server {{
        listen 127.0.0.1:{port};
        root {www};
        gzip_static on;
        gzip_vary on;
        location / {{
            add_header Cache-Control "private, max-age=5";
        }}
    }}
}}
"""


# ------------------------------------------------------------------------------- main


@dataclass
class Visibility:
    samples_ms: list[float]
    polls: list[int]


def measure_visibility(port: int, key: str, token: str, rng: random.Random, rounds: int,
                       serial0: int) -> Visibility:
    samples: list[float] = []
    polls: list[int] = []
    for i in range(rounds):
        status, doc = post_story(port, key, make_story(rng, serial0 + i))
        t201 = time.perf_counter()
        if status != 201:
            raise RuntimeError(f"visibility post answered {status}: {doc}")
        wire = doc.get("wire")
        needle = str(doc.get("uri") or (wire.get("id") if isinstance(wire, dict) else ""))
        n = 0
        while True:
            n += 1
            _, _, body = request(port, "GET", FEED_PATH, headers={
                "Authorization": f"Bearer {token}"})
            if needle.encode() in body:
                samples.append((time.perf_counter() - t201) * 1000)
                polls.append(n)
                break
            if time.perf_counter() - t201 > 10:
                raise RuntimeError(f"story {needle} not in the feed 10 s after its 201")
        time.sleep(0.05)
    return Visibility(samples, polls)


def cli(env: Mapping[str, str], *args: str) -> str:
    out = subprocess.run([PYTHON, "-m", "wire.cli", *args], cwd=ROOT, env=dict(env),
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError(f"wire {' '.join(args)} failed:\n{out.stdout}{out.stderr}")
    return out.stdout.strip().splitlines()[-1].strip()


def fmt_ratio(value: float | None) -> str:
    return f"{value:.2f}x" if value is not None else ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=64, help="wrk connections")
    parser.add_argument("--workers", type=int, default=1, help="service worker processes")
    parser.add_argument("--nginx-workers", default=None,
                        help="nginx worker_processes (a number or 'auto'; default: --workers)")
    parser.add_argument("--stories", type=int, default=50, help="stories in the feed")
    parser.add_argument("--visibility-rounds", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2, help="seconds of wrk warm-up per target")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs, files)")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    parser.add_argument("--py-spy", default=None, metavar="BIN",
                        help="after the timed runs, profile the service under wrk with this "
                             "py-spy binary (not a project dependency: pip install --target "
                             "/tmp/pyspy py-spy) and print the top costs")
    parser.add_argument("--profile-dir", type=Path, default=None,
                        help="where py-spy's collapsed stacks are written (default: temp)")
    args = parser.parse_args(argv)

    wrk, nginx = find_tool("wrk"), find_tool("nginx")
    if not wrk or not nginx:
        missing = " and ".join(n for n, p in (("wrk", wrk), ("nginx", nginx)) if not p)
        print(f"bench: {missing} not found on PATH. Install them first, e.g. on Debian/Ubuntu:\n"
              "    sudo apt-get update && sudo apt-get install -y wrk nginx", file=sys.stderr)
        return 2
    nginx_workers = args.nginx_workers or str(args.workers)

    # Explicit for SIGINT too: a job started in the background inherits it ignored.
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _raise_interrupt)
    tmp = Path(tempfile.mkdtemp(prefix="wire-bench-"))
    tmp.chmod(0o755)  # nginx workers may run as another user and must reach www/
    started = Started()
    try:
        return run(args, wrk, nginx, nginx_workers, tmp, started)
    except KeyboardInterrupt:
        print("\n[bench] interrupted; stopping what it started", file=sys.stderr)
        return 130
    finally:
        started.stop_all()
        if args.keep:
            print(f"[bench] kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace, wrk: str, nginx: str, nginx_workers: str, tmp: Path,
        started: Started) -> int:
    port, nport = free_port(), free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("WIRE_") and k != "WIRE_REDIS_URL"}
    env.update({
        "WIRE_DATA_DIR": str(tmp / "data"),
        "WIRE_HOST": "127.0.0.1",
        "WIRE_PORT": str(port),
        "WIRE_FEEDS__MAX_AGE": "5",
        "WIRE_FEEDS__PAGE_SIZE": str(args.stories),
        "WIRE_INGEST__RATE_PER_MINUTE": "100000",
        "WIRE_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    log = tmp / "service.log"
    with log.open("wb") as fh:
        service = subprocess.Popen(
            [PYTHON, "-m", "wire.cli", "serve", "--port", str(port),
             "--workers", str(args.workers)],
            cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    started.add("service", service, signal.SIGTERM)
    print(f"[bench] service: pid {service.pid}, port {port}, {args.workers} worker(s); "
          f"data {tmp / 'data'}", file=sys.stderr)
    wait_http(port, "/readyz", service, log)

    key = cli(env, "correspondents", "add", "Bench Correspondent", "--agency", "ISN",
              "--region", "lampung", "--desk", "politics")
    token = cli(env, "partners", "add", "Bench Partner")
    rng = random.Random(20181220)
    for i in range(args.stories):
        status, doc = post_story(port, key, make_story(rng, i))
        if status != 201:
            raise RuntimeError(f"story {i} answered {status}: {doc}")

    auth = f"Authorization: Bearer {token}"
    status, headers, body = request(port, "GET", FEED_PATH, headers={"Authorization":
                                                                      f"Bearer {token}"})
    items = body.count(b"<item>") + body.count(b"<item ")
    if status != 200 or items != args.stories:
        raise RuntimeError(f"feed answered {status} with {items} items (want {args.stories})")
    etag = headers["etag"]
    www = tmp / "www"
    (www / "feeds").mkdir(parents=True)
    www.chmod(0o755)
    (www / "feeds").chmod(0o755)
    static = www / "feeds" / "all.rss"
    static.write_bytes(body)
    gz = gzip.compress(body, compresslevel=6, mtime=0)
    static.with_name("all.rss.gz").write_bytes(gz)
    for p in (static, static.with_name("all.rss.gz")):
        p.chmod(0o644)

    # The service's answers to each scenario, checked once before loading them.
    s304, _, _ = request(port, "GET", FEED_PATH, headers={"Authorization": f"Bearer {token}",
                                                          "If-None-Match": etag})
    sgz, gzh, gzbody = request(port, "GET", FEED_PATH, headers={
        "Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"})
    if s304 != 304 or sgz != 200 or gzh.get("content-encoding") != "gzip":
        raise RuntimeError(f"service: If-None-Match gave {s304}, gzip gave {sgz} "
                           f"{gzh.get('content-encoding')}")
    if gzip.decompress(gzbody) != body:
        raise RuntimeError("service: the gzip body does not decompress to the plain body")

    nprefix = tmp / "nginx"
    nprefix.mkdir()
    conf = nprefix / "nginx.conf"
    conf.write_text(nginx_conf(nprefix, www, nport, nginx_workers))
    nlog = nprefix / "stdout.log"
    with nlog.open("wb") as fh:
        ngx = subprocess.Popen([nginx, "-p", str(nprefix), "-c", str(conf)], stdout=fh,
                               stderr=subprocess.STDOUT, start_new_session=True)
    started.add("nginx", ngx, signal.SIGQUIT)
    wait_http(nport, FEED_PATH, ngx, nlog)
    n200, _, nbody = request(nport, "GET", FEED_PATH)
    _, ngzh, ngzbody = request(nport, "GET", FEED_PATH, headers={"Accept-Encoding": "gzip"})
    if n200 != 200 or nbody != body or ngzh.get("content-encoding") != "gzip" or ngzbody != gz:
        raise RuntimeError("nginx does not serve the same bytes (plain or gzip_static)")

    surl, nurl = f"http://127.0.0.1:{port}{FEED_PATH}", f"http://127.0.0.1:{nport}{FEED_PATH}"
    scenarios: list[tuple[str, str, list[str]]] = [
        ("service 200 (warm)", surl, [auth]),
        ("service 304", surl, [auth, f"If-None-Match: {etag}"]),
        ("service gzip 200", surl, [auth, "Accept-Encoding: gzip"]),
        ("service /healthz", f"http://127.0.0.1:{port}/healthz", []),
        ("nginx 200", nurl, []),
        ("nginx gzip_static 200", nurl, ["Accept-Encoding: gzip"]),
    ]
    print(f"[bench] feed: {len(body)} bytes, gzip {len(gz)} bytes, {items} items; "
          f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s per scenario",
          file=sys.stderr)
    if args.warmup:
        for url, hdrs in ((surl, [auth]), (nurl, [])):
            run_wrk(wrk, "warm-up", url, hdrs, args.warmup, args.threads, args.connections)
    results: dict[str, WrkResult] = {}
    for name, url, hdrs in scenarios:
        print(f"[bench] wrk: {name}", file=sys.stderr)
        results[name] = run_wrk(wrk, name, url, hdrs, args.duration, args.threads,
                                args.connections)

    print(f"[bench] change visibility: {args.visibility_rounds} posts", file=sys.stderr)
    vis = measure_visibility(port, key, token, rng, args.visibility_rounds, 10_000)

    report(args, results, vis, len(body), len(gz), nginx_workers)
    if args.py_spy:
        out_dir = args.profile_dir or tmp / "profiles"
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, url, hdrs in scenarios[:4]:
            profile(args, wrk, service.pid, name, url, hdrs, out_dir)
    if args.json:
        args.json.write_text(json.dumps({
            "workers": args.workers, "nginx_workers": nginx_workers, "cpus": os.cpu_count(),
            "duration_s": args.duration, "connections": args.connections,
            "feed_bytes": len(body), "gzip_bytes": len(gz),
            "results": {k: vars(v) for k, v in results.items()},
            "visible_ms": vis.samples_ms,
        }, indent=2))
    return 0


def profile(args: argparse.Namespace, wrk: str, pid: int, name: str, url: str,
            headers: Sequence[str], out_dir: Path) -> None:
    """Sample the service with py-spy while wrk loads one scenario; print the top costs."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    out = out_dir / f"{slug}.collapsed"
    spy = subprocess.Popen([args.py_spy, "record", "--pid", str(pid), "--subprocesses",
                            "--rate", "250", "--duration", str(args.duration), "--format",
                            "raw", "--output", str(out), "--nonblocking"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(0.5)
    run_wrk(wrk, name, url, headers, args.duration, args.threads, args.connections)
    _, err = spy.communicate(timeout=args.duration + 30)
    if spy.returncode != 0 or not out.exists():
        print(f"[bench] py-spy failed for {name}: {err.decode(errors='replace')[-500:]}",
              file=sys.stderr)
        return
    print()
    print(f"profile under wrk: {name} (py-spy, {out})")
    summarize_profile(out)


def frame_name(frame: str) -> str:
    """``func (path/to/file.py:12)`` -> ``func (file.py)`` so one function counts once."""
    m = re.match(r"(.*) \((.*?):\d+\)$", frame)
    if not m:
        return frame
    path = m.group(2)
    parts = Path(path).parts
    for anchor in ("site-packages", "main", "lib"):
        if anchor in parts:
            path = "/".join(parts[len(parts) - parts[::-1].index(anchor):])
            break
    return f"{m.group(1)} ({path})"


def summarize_profile(path: Path, top: int = 22) -> None:
    total = 0
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [frame_name(f) for f in stack.split(";")]
        total += count
        for name in set(frames):
            inclusive[name] = inclusive.get(name, 0) + count
        own[frames[-1]] = own.get(frames[-1], 0) + count
    if not total:
        print("  (no samples)")
        return
    skip = ("_run_once", "run (asyncio", "run_forever", "run_until_complete", "<module>",
            "_run (asyncio", "main (", "run (uvicorn", "serve (uvicorn", "invoke (click",
            "__call__ (click", "_run_code", "_run_module", "serve (wire", "_serve (uvicorn")
    print(f"  {total} samples; inclusive share of the service process's samples:")
    ranked = sorted(inclusive.items(), key=lambda kv: -kv[1])
    shown = 0
    for name, count in ranked:
        if any(s in name for s in skip) or name.startswith("process "):
            continue
        print(f"  {100 * count / total:5.1f}%  {name}")
        shown += 1
        if shown >= top:
            break
    print("  self time, top 10:")
    for name, count in sorted(own.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {100 * count / total:5.1f}%  {name}")


def report(args: argparse.Namespace, results: Mapping[str, WrkResult], vis: Visibility,
           size: int, gz_size: int, nginx_workers: str) -> None:
    r = results

    def ratio(a: str, b: str) -> float:
        return r[a].rps / r[b].rps

    def mark(ok: bool) -> str:
        return "met" if ok else "NOT MET"

    p99_target = TARGETS["p99_ms"]
    rows: list[tuple[str, str, str, str]] = [
        # scenario, ratio, ratio target text, met
        ("service 200 (warm)", fmt_ratio(ratio("service 200 (warm)", "nginx 200")) + " of nginx",
         f">= {TARGETS['200']}x nginx 200",
         mark(ratio("service 200 (warm)", "nginx 200") >= TARGETS["200"])),
        ("service 304", fmt_ratio(ratio("service 304", "service /healthz")) + " of healthz",
         f">= {TARGETS['304']}x healthz", mark(ratio("service 304", "service /healthz")
                                               >= TARGETS["304"])),
        ("service gzip 200",
         fmt_ratio(ratio("service gzip 200", "nginx gzip_static 200")) + " of nginx gz",
         f">= {TARGETS['gzip']}x gzip_static",
         mark(ratio("service gzip 200", "nginx gzip_static 200") >= TARGETS["gzip"])),
        ("service /healthz", "", "(reference for 304)", ""),
        ("nginx 200", "", "(reference for 200)", ""),
        ("nginx gzip_static 200", "", "(reference for gzip)", ""),
    ]
    print()
    print(f"feed /feeds/all.rss: {size} bytes ({gz_size} gzipped), {args.stories} items; "
          f"service workers: {args.workers}, nginx worker_processes: {nginx_workers}; "
          f"CPUs: {os.cpu_count()} (shared by wrk, service, valkey and nginx)")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency; "
          f"load average at the end: {load}")
    print()
    head = (f"{'scenario':<22} {'req/s':>10} {'p99 ms':>8}  {'ratio':<20} {'target':<22} "
            f"{'ratio?':<8} {'p99<20ms?':<9} errors")
    print(head)
    print("-" * len(head))
    for name, rtext, ttext, met in rows:
        res = r[name]
        p99_mark = mark(res.p99_ms < p99_target) if name.startswith("service") else ""
        print(f"{name:<22} {res.rps:>10.0f} {res.p99_ms:>8.2f}  {rtext:<20} {ttext:<22} "
              f"{met:<8} {p99_mark:<9} {res.errors}")
    med, worst = statistics.median(vis.samples_ms), max(vis.samples_ms)
    print("-" * len(head))
    print(f"change visible after 201: median {med:.1f} ms, max {worst:.1f} ms over "
          f"{len(vis.samples_ms)} posts (polls needed: max {max(vis.polls)}); target < "
          f"{TARGETS['visible_ms']:.0f} ms: {mark(worst < TARGETS['visible_ms'])}")


if __name__ == "__main__":
    raise SystemExit(main())
