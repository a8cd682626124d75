#!/usr/bin/python3
"""ormgate compatibility suite runner.

Runs the scenario files under tests/compat/scenarios/ against a target that speaks the
PostgreSQL wire protocol and compares every statement's outcome (command tag, columns with
their types, rows as text, or SQLSTATE) with the expectations written in the files, which
were recorded from a real PostgreSQL 15. The file format, the modes and the declared
differences are described in docs/compat.md.

    tests/compat/run.py                               # PostgreSQL 15 started by scripts/start-postgres.sh
    tests/compat/run.py --record                      # (re)write the expectations from PostgreSQL
    tests/compat/run.py --target ormgate-sqlite --dsn "host=127.0.0.1 port=6432 user=app"
    tests/compat/run.py --extended [--binary] ...     # same scenarios through Parse/Bind/Execute

Needs Debian's /usr/bin/python3 with psycopg 3 (package python3-psycopg).
"""

import argparse
import concurrent.futures
import decimal
import difflib
import fnmatch
import json
import logging
import math
import os
import re
import select
import shlex
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

try:
    import psycopg
    from psycopg import pq
    from psycopg.adapt import PyFormat, Transformer
    from psycopg.conninfo import conninfo_to_dict, make_conninfo
    from psycopg.postgres import types as pg_types
except ImportError:  # pragma: no cover
    sys.exit("compat: psycopg 3 is missing: run with /usr/bin/python3 (apt-get install python3-psycopg)")

logging.getLogger("psycopg").setLevel(logging.ERROR)  # e.g. "unknown PostgreSQL timezone '+05:30'"

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCENARIO_DIR = os.path.join(HERE, "scenarios")

# Targets a declared difference may name (globs such as ormgate-* are allowed in the files).
# Add a name here when a new backend or configuration gets its own expectations.
TARGETS = [
    "postgres",  # PostgreSQL itself: the reference, never named in a difference
    "ormgate-sqlite",  # ormgate on its embedded SQLite backend
    "ormgate-postgres",  # ormgate in front of PostgreSQL
    "ormgate-mysql",  # ormgate in front of MySQL / MariaDB
    "ormgate-mongodb",  # ormgate in front of MongoDB
]

DEFAULT_PG_DIR = "/tmp/ormgate-compat/postgres"
DEFAULT_PG_PORT = 15433


# ---------------------------------------------------------------------------------------------
# Cells: how one value (or column name) is written in a scenario file.
#
# A cell is written bare when that is unambiguous: not empty, not the word NULL, no '|', no
# leading/trailing white space, no control character, not starting with '"'. Otherwise it is a
# JSON string literal ("" is the empty string, "NULL" the four-letter text). SQL NULL is NULL.
# ---------------------------------------------------------------------------------------------

_BARE_BAD = re.compile(r'[|\x00-\x1f\x7f]')


def fmt_cell(v: Optional[str]) -> str:
    if v is None:
        return "NULL"
    if v == "" or v == "NULL" or v[0] == '"' or v != v.strip() or _BARE_BAD.search(v):
        return json.dumps(v, ensure_ascii=False)
    return v


def fmt_name(v: str) -> str:
    """A column name: like a cell, and quoted when it contains white space (a type follows it)."""
    return json.dumps(v, ensure_ascii=False) if re.search(r"\s", v) else fmt_cell(v)


def parse_cells(s: str, where: str) -> List[Optional[str]]:
    """Split a 'a | "b|c" | NULL' line into cells."""
    cells: List[Optional[str]] = []
    i, n = 0, len(s)
    while True:
        while i < n and s[i] == " ":
            i += 1
        if i < n and s[i] == '"':
            dec = json.JSONDecoder()
            try:
                val, end = dec.raw_decode(s, i)
            except ValueError as e:
                raise ScenarioError(f"{where}: bad quoted cell: {e}")
            cells.append(val)
            i = end
            while i < n and s[i] == " ":
                i += 1
        else:
            j = s.find("|", i)
            raw = (s[i:] if j < 0 else s[i:j]).strip()
            cells.append(None if raw == "NULL" else raw)
            i = n if j < 0 else j
        if i >= n:
            break
        if s[i] != "|":
            raise ScenarioError(f"{where}: expected '|' after a quoted cell")
        i += 1
    return cells


# ---------------------------------------------------------------------------------------------
# Outcomes
# ---------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    kind: str  # "ok" or "error"
    tag: str = ""  # command tag (ok)
    cols: Optional[List[Tuple[str, str]]] = None  # (name, type) when the statement returns rows
    rows: List[List[Optional[str]]] = field(default_factory=list)
    sqlstate: str = ""  # error
    message: str = ""  # error (primary message)
    raw: Optional[List[List[Optional[bytes]]]] = None  # --binary: the cells as sent, for comparison
    oids: Optional[List[int]] = None  # column type OIDs

    def lines(self) -> List[str]:
        """The outcome as scenario-file comment lines."""
        if self.kind == "error":
            msg = fmt_cell(self.message) if self.message else ""
            return [f"-- error {self.sqlstate}" + (f" {msg}" if msg else "")]
        out = [f"-- ok {self.tag}".rstrip()]
        if self.cols is not None:
            out.append(("-- cols: " + " | ".join(f"{fmt_name(n)} {t}" for n, t in self.cols)).rstrip())
            for r in self.rows:
                out.append(("-- row: " + " | ".join(fmt_cell(c) for c in r)).rstrip())
        return out


@dataclass
class Difference:
    targets: List[str]
    reason: str
    outcome: Outcome
    lines: List[str]  # as written in the file, kept verbatim by --record
    lineno: int


@dataclass
class Case:
    file: str
    lineno: int  # first line of the statement
    sql: str
    params: Optional[list]
    expected: Optional[Outcome]
    differences: List[Difference]
    # positions in the file's line list, for --record
    stmt_end: int = 0  # index just after the statement's last line
    block_end: int = 0  # index just after the expectation block

    def expectation_for(self, target: str, flush_mode: str = "auto") -> Tuple[Optional[Outcome], Optional[Difference]]:
        # a difference names a target ("ormgate-sqlite"), or a target in one flush mode
        # ("ormgate-sqlite@auto": a difference the write-behind unit of work makes on purpose)
        for d in self.differences:
            for pat in d.targets:
                base, _, mode = pat.partition("@")
                if fnmatch.fnmatchcase(target, base) and (not mode or mode == flush_mode):
                    return d.outcome, d
        return self.expected, None


class ScenarioError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# SQL scanning: where a statement ends, and where its $n parameters are.
# ---------------------------------------------------------------------------------------------

_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")
_PARAM = re.compile(r"\$([0-9]+)")


def scan_sql(text: str):
    """Yield (kind, start, end) for the significant tokens of SQL text: 'semi', 'param', 'other'.
    Quoted strings, quoted identifiers, dollar quotes and comments are skipped as units;
    'open' is yielded when the text ends inside one of them."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "-" and text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif c == "/" and text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            if depth:
                yield ("open", i, n)
                return
            i = j
        elif c == "'":
            esc = i > 0 and text[i - 1] in "eE" and (i < 2 or not (text[i - 2].isalnum() or text[i - 2] == "_"))
            j = i + 1
            while True:
                if j >= n:
                    yield ("open", i, n)
                    return
                if esc and text[j] == "\\":
                    j += 2
                    continue
                if text[j] == "'":
                    if j + 1 < n and text[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
            yield ("other", i - 1, i)
        elif c == '"':
            j = i + 1
            while True:
                j = text.find('"', j)
                if j < 0:
                    yield ("open", i, n)
                    return
                if j + 1 < n and text[j + 1] == '"':
                    j += 2
                    continue
                break
            i = j + 1
            yield ("other", i - 1, i)
        elif c == "$":
            m = _PARAM.match(text, i)
            prev_ident = i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")
            if m and not prev_ident:
                yield ("param", i, m.end())
                i = m.end()
                continue
            m = _DOLLAR_TAG.match(text, i)
            if m and not prev_ident:
                close = text.find(m.group(0), m.end())
                if close < 0:
                    yield ("open", i, n)
                    return
                i = close + len(m.group(0))
                yield ("other", i - 1, i)
                continue
            yield ("other", i, i + 1)
            i += 1
        elif c == ";":
            yield ("semi", i, i + 1)
            i += 1
        elif c.isspace():
            i += 1
        else:
            yield ("other", i, i + 1)
            i += 1


def statement_complete(text: str) -> bool:
    last = None
    for tok in scan_sql(text):
        last = tok[0]
        if last == "open":
            return False
    return last == "semi"


def sql_literal(v) -> str:
    if v is None:
        return "NULL"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (dict, list)):
        v = json.dumps(v)
    return "'" + str(v).replace("'", "''") + "'"


def substitute_params(sql: str, params: list) -> str:
    """Simple protocol: $n replaced by the literal of params[n-1] (a string literal of unknown
    type, a bare number, NULL or a boolean): what a client-side binding driver sends."""
    out, pos = [], 0
    for kind, s, e in scan_sql(sql):
        if kind == "param":
            k = int(sql[s + 1:e])
            if not 1 <= k <= len(params):
                raise ScenarioError(f"${k} has no value in -- params")
            out.append(sql[pos:s])
            out.append(sql_literal(params[k - 1]))
            pos = e
    out.append(sql[pos:])
    return "".join(out)




# ---------------------------------------------------------------------------------------------
# Scenario files
# ---------------------------------------------------------------------------------------------

_BLOCK_LINE = re.compile(r"^-- (ok\b|error\b|cols:|row:|differs\b)")
_PARAMS_LINE = re.compile(r"^-- params:\s*(.*)$")


def parse_outcome(lines: List[Tuple[int, str]], where: str) -> Outcome:
    """lines: (lineno, text) of one outcome: an 'ok' line + cols/rows, or one 'error' line."""
    ln, first = lines[0]
    body = first[3:]
    if body.startswith("error"):
        rest = body[len("error"):].strip()
        m = re.match(r"^([0-9A-Z]{5})(?:\s+(.*))?$", rest)
        if not m:
            raise ScenarioError(f"{where}:{ln}: '-- error' needs a 5-character SQLSTATE")
        msg = m.group(2) or ""
        if msg.startswith('"'):
            msg = parse_cells(msg, f"{where}:{ln}")[0] or ""
        if len(lines) > 1:
            raise ScenarioError(f"{where}:{lines[1][0]}: nothing may follow an '-- error' line")
        return Outcome("error", sqlstate=m.group(1), message=msg)
    if not body.startswith("ok"):
        raise ScenarioError(f"{where}:{ln}: an outcome starts with '-- ok' or '-- error'")
    o = Outcome("ok", tag=body[2:].strip())
    for ln, text in lines[1:]:
        if text.startswith("-- cols:"):
            if o.cols is not None:
                raise ScenarioError(f"{where}:{ln}: second '-- cols:' line")
            o.cols = []
            spec = text[len("-- cols:"):].strip()
            if spec:
                for cell in _split_col_specs(spec, f"{where}:{ln}"):
                    o.cols.append(cell)
        elif text.startswith("-- row:"):
            if o.cols is None:
                raise ScenarioError(f"{where}:{ln}: '-- row:' before '-- cols:'")
            cells = parse_cells(text[len("-- row:"):], f"{where}:{ln}") if o.cols else []
            if len(cells) != len(o.cols):
                raise ScenarioError(f"{where}:{ln}: {len(cells)} cells for {len(o.cols)} columns")
            o.rows.append(cells)
        else:
            raise ScenarioError(f"{where}:{ln}: unexpected line in an outcome: {text!r}")
    return o


def _split_col_specs(spec: str, where: str) -> List[Tuple[str, str]]:
    """'id int4 | "my col" text' -> [("id","int4"), ("my col","text")]"""
    res = []
    i, n = 0, len(spec)
    while i < n:
        while i < n and spec[i] == " ":
            i += 1
        if i < n and spec[i] == '"':
            name, i = json.JSONDecoder().raw_decode(spec, i)
        else:
            j = spec.find(" ", i)
            if j < 0:
                raise ScenarioError(f"{where}: column spec needs 'name type'")
            name, i = spec[i:j], j
        j = spec.find("|", i)
        typ = (spec[i:] if j < 0 else spec[i:j]).strip()
        if not typ:
            raise ScenarioError(f"{where}: column {name!r} has no type")
        res.append((name, typ))
        i = n if j < 0 else j + 1
    return res


def parse_block(lines: List[Tuple[int, str]], where: str) -> Tuple[Optional[Outcome], List[Difference]]:
    """An expectation block: the default outcome, then '-- differs TARGETS: reason' sections."""
    sections: List[List[Tuple[int, str]]] = [[]]
    for item in lines:
        if item[1].startswith("-- differs"):
            sections.append([])
        sections[-1].append(item)
    expected = parse_outcome(sections[0], where) if sections[0] else None
    diffs = []
    for sec in sections[1:]:
        ln, head = sec[0]
        m = re.match(r"^-- differs\s+([^:]+):\s*(.*)$", head)
        if not m or not m.group(2).strip():
            raise ScenarioError(f"{where}:{ln}: write '-- differs TARGET[, TARGET...]: reason' (the reason is required)")
        targets = [t.strip() for t in m.group(1).split(",") if t.strip()]
        for t in targets:
            t, _, mode = t.partition("@")
            if mode not in ("", "auto", "always"):
                raise ScenarioError(f"{where}:{ln}: unknown flush mode {mode!r} (auto or always)")
            if t == "postgres" or not any(fnmatch.fnmatchcase(k, t) for k in TARGETS if k != "postgres"):
                raise ScenarioError(f"{where}:{ln}: unknown target {t!r} (known: {', '.join(TARGETS[1:])})")
        if len(sec) < 2:
            raise ScenarioError(f"{where}:{ln}: a difference needs its own outcome ('-- ok ...' or '-- error ...')")
        diffs.append(Difference(targets, m.group(2).strip(), parse_outcome(sec[1:], where), [t for _, t in sec], ln))
    if diffs and expected is None:
        raise ScenarioError(f"{where}:{diffs[0].lineno}: a difference without PostgreSQL's outcome before it (run --record)")
    return expected, diffs


def parse_file(path: str) -> Tuple[List[str], List[Case]]:
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    name = os.path.relpath(path, ROOT)
    cases: List[Case] = []
    i, n = 0, len(lines)
    params = None
    while i < n:
        line = lines[i]
        s = line.strip()
        if not s or s.startswith("--"):
            m = _PARAMS_LINE.match(line)
            if m:
                try:
                    params = json.loads(m.group(1))
                except ValueError as e:
                    raise ScenarioError(f"{name}:{i + 1}: -- params: needs a JSON array ({e})")
                if not isinstance(params, list):
                    raise ScenarioError(f"{name}:{i + 1}: -- params: needs a JSON array")
            elif _BLOCK_LINE.match(line):
                raise ScenarioError(f"{name}:{i + 1}: expectation line without a statement before it")
            i += 1
            continue
        start = i
        text = ""
        while i < n:
            text += lines[i] + "\n"
            i += 1
            if statement_complete(text):
                break
        else:
            raise ScenarioError(f"{name}:{start + 1}: statement not terminated by ';'")
        stmt_end = i
        block = []
        while i < n and _BLOCK_LINE.match(lines[i]):
            block.append((i + 1, lines[i]))
            i += 1
        expected, diffs = parse_block(block, name)
        sql = text.rstrip()
        cases.append(Case(name, start + 1, sql, params, expected, diffs, stmt_end, i))
        params = None
    return lines, cases


# ---------------------------------------------------------------------------------------------
# Executing statements
# ---------------------------------------------------------------------------------------------

_TYPE_NAMES = {}
for _t in pg_types:
    _TYPE_NAMES[_t.oid] = _t.name
    if _t.array_oid:
        _TYPE_NAMES[_t.array_oid] = _t.name + "[]"
_TYPE_NAMES.update({705: "unknown", 2278: "void", 26: "oid", 19: "name"})


def type_name(oid: int, mod: int) -> str:
    name = _TYPE_NAMES.get(oid, f"oid{oid}")
    if mod < 0:
        return name
    base = name[:-2] if name.endswith("[]") else name
    arr = "[]" if name.endswith("[]") else ""
    if base in ("varchar", "bpchar") and mod >= 4:
        return f"{base}({mod - 4}){arr}"
    if base == "numeric" and mod >= 4:
        return f"numeric({((mod - 4) >> 16) & 0xFFFF},{(mod - 4) & 0xFFFF}){arr}"
    if base in ("timestamp", "timestamptz", "time", "timetz", "bit", "varbit"):
        return f"{base}({mod}){arr}"
    return f"{base}(mod={mod}){arr}"


class Broken(Exception):
    """The connection is unusable (lost, timed out): the rest of the scenario cannot run."""


class Session:
    def __init__(self, conninfo: str, timeout: float, extended: bool, binary: bool):
        self.conn = psycopg.connect(conninfo, autocommit=True)
        self.pg = self.conn.pgconn
        self.pg.notice_handler = lambda res: None
        self.timeout = timeout
        self.extended = extended
        self.binary = binary
        self.nstmt = 0

    def close(self):
        try:
            self.conn.close()
        except Exception:
            pass

    def _wait(self) -> List[pq.PGresult]:
        deadline = time.monotonic() + self.timeout
        sock = self.pg.socket
        while self.pg.flush() == 1:
            if not select.select([], [sock], [], max(0.0, deadline - time.monotonic()))[1]:
                raise Broken(f"timed out after {self.timeout:g} s sending")
        results = []
        while True:
            while self.pg.is_busy():
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([sock], [], [], left)[0]:
                    try:
                        self.pg.get_cancel().cancel()
                    except Exception:
                        pass
                    raise Broken(f"timed out after {self.timeout:g} s")
                self.pg.consume_input()
            res = self.pg.get_result()
            if res is None:
                break
            results.append(res)
            if res.status in (pq.ExecStatus.COPY_IN, pq.ExecStatus.COPY_OUT, pq.ExecStatus.COPY_BOTH):
                raise Broken("COPY is not supported by the compat runner")
        if self.pg.status != pq.ConnStatus.OK:
            raise Broken("connection lost: " + self.pg.error_message.decode("utf-8", "replace").strip())
        return results

    def run(self, sql: str, params: Optional[list]) -> Tuple[Outcome, Optional[pq.PGresult]]:
        try:
            if not self.extended:
                if params is not None:
                    sql = substitute_params(sql, params)
                self.pg.send_query(sql.encode())
                return self._outcome(self._wait())
            self.nstmt += 1
            name = f"compat_{self.nstmt}".encode()
            tx = Transformer(self.conn)
            values, oids, formats = [], [], []
            if params:
                fmt = PyFormat.BINARY if self.binary else PyFormat.TEXT
                values = list(tx.dump_sequence(params, [fmt] * len(params)))
                oids = list(tx.types)
                formats = list(tx.formats)
            self.pg.send_prepare(name, sql.encode(), param_types=oids or None)
            out, res = self._outcome(self._wait())
            if out.kind == "error":
                return out, res
            self.pg.send_query_prepared(name, values or None, param_formats=formats or None,
                                        result_format=pq.Format.BINARY if self.binary else pq.Format.TEXT)
            return self._outcome(self._wait())
        except (psycopg.OperationalError, OSError) as e:
            raise Broken(f"connection lost: {e}")

    @staticmethod
    def _outcome(results: List[pq.PGresult]) -> Tuple[Outcome, Optional[pq.PGresult]]:
        if not results:
            raise Broken("no result from the server")
        for res in results:
            if res.status == pq.ExecStatus.FATAL_ERROR:
                st = (res.error_field(pq.DiagnosticField.SQLSTATE) or b"?????").decode()
                msg = (res.error_field(pq.DiagnosticField.MESSAGE_PRIMARY) or b"").decode("utf-8", "replace")
                if not msg:  # an error raised by libpq itself (e.g. a protocol violation)
                    msg = "libpq: " + (res.error_message or b"").decode("utf-8", "replace").strip()
                return Outcome("error", sqlstate=st, message=msg), res
        res = results[-1]
        if res.status not in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK, pq.ExecStatus.EMPTY_QUERY):
            raise Broken(f"unexpected result status {res.status.name}")
        out = Outcome("ok", tag=(res.command_status or b"").decode())
        if res.status == pq.ExecStatus.TUPLES_OK:
            out.cols = [((res.fname(c) or b"").decode(), type_name(res.ftype(c), res.fmod(c))) for c in range(res.nfields)]
            out.oids = [res.ftype(c) for c in range(res.nfields)]
            binary = any(res.fformat(c) == 1 for c in range(res.nfields))
            if binary:
                out.raw = []
            for r in range(res.ntuples):
                row = []
                for c in range(res.nfields):
                    v = res.get_value(r, c)
                    v = None if v is None else bytes(v)
                    if res.fformat(c) == 1:
                        row.append(None if v is None else f"<binary: {v.hex()}>")
                    else:
                        row.append(None if v is None else v.decode())
                out.rows.append(row)
                if binary:
                    out.raw.append([None if res.get_value(r, c) is None else bytes(res.get_value(r, c))
                                    for c in range(res.nfields)])
        return out, res


_REGTYPE_OIDS = {}
for _t in pg_types:
    for _n in (_t.name, getattr(_t, "regtype", None)):
        if _n:
            _REGTYPE_OIDS[_n] = _t.oid
            if _t.array_oid:
                _REGTYPE_OIDS[_n + "[]"] = _t.array_oid


def _same_value(a, b, oid: int) -> bool:
    if isinstance(a, decimal.Decimal) and isinstance(b, decimal.Decimal):
        if a.is_nan() or b.is_nan():
            return a.is_nan() and b.is_nan()
        return a == b and a.as_tuple().exponent == b.as_tuple().exponent  # the scale is part of the value
    if a == b:
        return True
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) and math.isnan(b):
            return True
        if oid == 700:  # float4: the text is the shortest form of the 32-bit value
            return struct.pack("!f", a) == struct.pack("!f", b)
        return False
    if isinstance(a, str) and isinstance(b, (bytes, bytearray, memoryview)):
        return a.encode() == bytes(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_value(x, y, 0) for x, y in zip(a, b))
    return False


def _load(loader, data: bytes):
    try:
        return loader.load(data), None
    except Exception as e:  # a value Python cannot hold, e.g. timestamp 'infinity'
        # the text loader quotes the input at the end ("...: 'infinity'"); compare without it
        return None, f"{type(e).__name__}: {re.sub(r': .*$', '', str(e))}"


def binary_equal(conn, expected: Outcome, actual: Outcome) -> bool:
    """--binary: each binary cell is loaded by psycopg into a Python value and compared with the
    value psycopg loads from the expected text. Cells that agree are shown as the expected text in
    a diff, the others as <binary: value>."""
    if expected.cols is None or len(expected.rows) != len(actual.rows):
        return False
    if not actual.cols:
        return True
    if actual.raw is None:
        return False
    tx = Transformer(conn)
    ok = True
    for c, (_, _) in enumerate(actual.cols):
        oid = actual.oids[c]
        tl = tx.get_loader(oid, pq.Format.TEXT)
        bl = tx.get_loader(oid, pq.Format.BINARY)
        for r, erow in enumerate(expected.rows):
            ev, raw = erow[c], actual.raw[r][c]
            if ev is None or raw is None:
                same = ev is None and raw is None
                shown = None if raw is None else f"<binary: {raw.hex()}>"
            elif oid == 2206:  # regtype: the binary form is the type's OID
                same = int.from_bytes(raw, "big") == _REGTYPE_OIDS.get(ev, -1)
                shown = f"<binary: regtype oid {int.from_bytes(raw, 'big')}>"
            else:
                a, aerr = _load(tl, ev.encode())
                b, berr = _load(bl, raw)
                same = (aerr is None and berr is None and _same_value(a, b, oid)) or \
                    (aerr is not None and aerr == berr)
                shown = f"<binary: {berr or repr(b)}>"
            if same:
                actual.rows[r][c] = ev
            else:
                actual.rows[r][c] = shown
                ok = False
    return ok


def outcomes_equal(exp: Outcome, act: Outcome, opts, conn=None) -> bool:
    if exp.kind != act.kind:
        return False
    if exp.kind == "error":
        return exp.sqlstate == act.sqlstate and (not opts.messages or exp.message == act.message)
    if exp.tag != act.tag or (exp.cols is None) != (act.cols is None):
        return False
    if exp.cols is None:
        return True
    if opts.no_types:
        if [n for n, _ in exp.cols] != [n for n, _ in act.cols]:
            return False
    elif exp.cols != act.cols:
        return False
    if opts.binary:
        return binary_equal(conn, exp, act)
    return exp.rows == act.rows


# ---------------------------------------------------------------------------------------------
# Running scenarios
# ---------------------------------------------------------------------------------------------


@dataclass
class CaseResult:
    case: Case
    status: str  # pass | fail | declared | recorded
    actual: Optional[Outcome] = None
    expected: Optional[Outcome] = None
    difference: Optional[Difference] = None
    note: str = ""


def db_name(prefix: str, path: str) -> str:
    stem = re.sub(r"[^a-z0-9_]", "_", os.path.splitext(os.path.basename(path))[0].lower())
    return (prefix + stem)[:63]


def run_scenario(path: str, cases: List[Case], opts) -> Tuple[List[CaseResult], float, str]:
    """Run one scenario in a fresh database (or schema); returns the results, seconds, setup error."""
    t0 = time.monotonic()
    name = db_name(opts.db_prefix, path)
    admin = None
    conninfo = opts.dsn
    setup_sql = None
    results: List[CaseResult] = []
    try:
        if opts.fresh == "database":
            admin = psycopg.connect(opts.dsn, autocommit=True)
            admin.pgconn.notice_handler = lambda res: None
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
            conninfo = make_conninfo(opts.dsn, dbname=name)
        elif opts.fresh == "name":
            conninfo = make_conninfo(opts.dsn, dbname=name)
        elif opts.fresh == "schema":
            admin = psycopg.connect(opts.dsn, autocommit=True)
            admin.pgconn.notice_handler = lambda res: None
            admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            admin.execute(f'CREATE SCHEMA "{name}"')
            setup_sql = f'SET search_path = "{name}"'
    except Exception as e:
        if admin:
            admin.close()
        return [], time.monotonic() - t0, f"setup of {name} failed: {str(e).strip()}"

    sess = None
    broken = None
    try:
        try:
            sess = Session(conninfo, opts.timeout, opts.extended, opts.binary)
            if setup_sql:
                sess.pg.exec_(setup_sql.encode())
            if opts.target != "postgres":
                r = sess.pg.exec_(f"SET ormgate.flush_mode = {opts.flush_mode}".encode())
                if r.status != pq.ExecStatus.COMMAND_OK:
                    raise RuntimeError(f"SET ormgate.flush_mode: {r.error_message.decode(errors='replace')}")
        except Exception as e:
            broken = f"cannot connect: {str(e).strip()}"
        for case in cases:
            if broken:
                results.append(CaseResult(case, "fail", note=f"not run: {broken}"))
                continue
            try:
                actual, res = sess.run(case.sql, case.params)
            except Broken as e:
                broken = str(e)
                results.append(CaseResult(case, "fail", note=broken))
                continue
            except ScenarioError as e:
                results.append(CaseResult(case, "fail", note=str(e)))
                continue
            if opts.record:
                results.append(CaseResult(case, "recorded", actual=actual, expected=case.expected))
                continue
            exp, diff = case.expectation_for(opts.target, opts.flush_mode)
            if exp is None:
                results.append(CaseResult(case, "fail", actual=actual, note="no expectation recorded (run --record)"))
            elif outcomes_equal(exp, actual, opts, sess.conn):
                results.append(CaseResult(case, "declared" if diff else "pass", actual, exp, diff))
            else:
                results.append(CaseResult(case, "fail", actual, exp, diff))
    finally:
        if sess:
            sess.close()
        if admin:
            try:
                if not opts.keep:
                    if opts.fresh == "database":
                        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                    elif opts.fresh == "schema":
                        admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            except Exception:
                pass
            admin.close()
    return results, time.monotonic() - t0, ""


def first_line(sql: str) -> str:
    for ln in sql.split("\n"):
        if ln.strip() and not ln.strip().startswith("--"):
            return ln.strip()[:100]
    return sql[:100]


def report_failure(r: CaseResult, target: str):
    c = r.case
    print(f"FAIL {c.file}:{c.lineno}: {first_line(c.sql)}")
    if r.difference:
        print(f"     (declared difference for {', '.join(r.difference.targets)}: {r.difference.reason})")
    if r.note:
        print(f"     {r.note}")
    if r.difference and r.actual is not None and r.case.expected is not None and \
            r.case.expected.lines() == r.actual.lines():
        print("     the target now answers like PostgreSQL: remove this declared difference")
    if r.expected is not None and r.actual is not None:
        exp = r.expected.lines()
        act = r.actual.lines()
        if exp == act:
            print("     outcomes differ in a way the file format does not show (a runner bug?)")
        for ln in difflib.unified_diff(exp, act, f"expected ({'declared ' + target if r.difference else 'PostgreSQL'})",
                                       f"actual ({target})", lineterm="", n=2):
            print("     " + ln)
    elif r.actual is not None:
        for ln in r.actual.lines():
            print("     actual: " + ln)


def write_recorded(path: str, lines: List[str], results: List[CaseResult]) -> int:
    """Replace each case's default outcome with the recorded one; keep everything else."""
    by_line = {r.case.lineno: r for r in results}
    out: List[str] = []
    pos = 0
    changed = 0
    _, cases = parse_file(path)
    for c in cases:
        r = by_line.get(c.lineno)
        if r is None or r.actual is None:
            continue  # not run (connection lost): leave as is
        out.extend(lines[pos:c.stmt_end])
        new = r.actual.lines()
        back = parse_outcome(list(enumerate(new, 1)), path)
        if back.lines() != new or back.rows != r.actual.rows or back.cols != r.actual.cols:
            raise ScenarioError(f"{c.file}:{c.lineno}: the recorded outcome does not parse back the same; "
                                f"a bug in the runner's cell quoting: {new}")
        old_default = [ln for ln in lines[c.stmt_end:c.block_end]]
        # the default outcome is the block up to the first '-- differs'
        k = next((j for j, ln in enumerate(old_default) if ln.startswith("-- differs")), len(old_default))
        if old_default[:k] != new:
            changed += 1
        out.extend(new)
        out.extend(old_default[k:])
        pos = c.block_end
    out.extend(lines[pos:])
    text = "\n".join(out) + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return changed


# ---------------------------------------------------------------------------------------------
# PostgreSQL for the reference runs
# ---------------------------------------------------------------------------------------------


def start_postgres(pg_dir: str, port: int) -> str:
    script = os.path.join(ROOT, "scripts", "start-postgres.sh")
    p = subprocess.run(["bash", script, pg_dir, str(port), "compat", "compat", "compat"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.exit(f"compat: {script} failed:\n{p.stdout}")
    print(p.stdout.splitlines()[0] if p.stdout else "postgres started", file=sys.stderr)
    env = {}
    with open(os.path.join(pg_dir, "postgres.env")) as f:
        for ln in f:
            if "=" in ln and not ln.startswith("#"):
                k, v = ln.rstrip("\n").split("=", 1)
                env[k] = shlex.split(v)[0] if v else ""
    return env["PG_DSN"]


# ---------------------------------------------------------------------------------------------


def select_files(args: List[str]) -> List[str]:
    every = sorted(os.path.join(SCENARIO_DIR, f) for f in os.listdir(SCENARIO_DIR) if f.endswith(".sql"))
    if not args:
        return every
    chosen = []
    for a in args:
        if os.path.isfile(a):
            chosen.append(os.path.abspath(a))
            continue
        hits = [f for f in every if a in os.path.basename(f)]
        if not hits:
            sys.exit(f"compat: no scenario file matches {a!r}")
        chosen.extend(h for h in hits if h not in chosen)
    return chosen


def list_differences(files: List[str]):
    """The declared differences as a Markdown table (docs/compat.md keeps a copy)."""
    def md(x: str) -> str:
        return x.replace("|", "\\|")
    rows = []
    for path in files:
        _, cases = parse_file(path)
        for c in cases:
            for d in c.differences:
                pg = c.expected.lines()[0][3:] if c.expected else "?"
                rows.append(f"| {c.file}:{c.lineno} | {', '.join(d.targets)} | `{md(first_line(c.sql))}` | "
                            f"{md(pg)} | {md(d.outcome.lines()[0][3:])} | {md(d.reason)} |")
    print("| where | targets | statement | PostgreSQL | declared | reason |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(r)
    print(f"\n{len(rows)} declared differences")


def main():
    ap = argparse.ArgumentParser(description="ormgate compatibility suite (see docs/compat.md)")
    ap.add_argument("scenarios", nargs="*", help="scenario files or name fragments (default: all)")
    ap.add_argument("--target", default="postgres", help=f"which declared differences apply: {', '.join(TARGETS)}")
    ap.add_argument("--dsn", help="libpq connection string of the target (default for --target postgres: "
                                  "a PostgreSQL 15 started with scripts/start-postgres.sh)")
    ap.add_argument("--record", action="store_true", help="write the expectations from this run (PostgreSQL only)")
    ap.add_argument("--extended", action="store_true", help="extended protocol: Parse/Bind/Execute, named prepared statements")
    ap.add_argument("--binary", action="store_true", help="with --extended: binary parameters and binary results")
    ap.add_argument("--flush-mode", choices=["auto", "always"], default="auto",
                    help="ormgate targets: the session's ormgate.flush_mode (differences declared TARGET@MODE apply)")
    ap.add_argument("--fresh", choices=["database", "name", "schema"],
                    help="isolation per scenario: CREATE DATABASE (default on postgres), a new database name "
                         "without creating it (default elsewhere: ormgate makes one SQLite file per name), "
                         "or CREATE SCHEMA + search_path")
    ap.add_argument("--messages", action="store_true", help="compare error messages too, not only SQLSTATEs")
    ap.add_argument("--no-types", action="store_true", help="compare column names but not column types")
    ap.add_argument("--keep", action="store_true", help="keep the per-scenario databases/schemas")
    ap.add_argument("-j", "--jobs", type=int, default=min(4, os.cpu_count() or 1), help="scenarios run in parallel")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per statement")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per scenario")
    ap.add_argument("--pg-dir", default=os.environ.get("COMPAT_PG_DIR", DEFAULT_PG_DIR))
    ap.add_argument("--pg-port", type=int, default=int(os.environ.get("COMPAT_PG_PORT", DEFAULT_PG_PORT)))
    ap.add_argument("--list-differences", action="store_true", help="list the declared differences and exit")
    ap.add_argument("--check", action="store_true", help="only parse the scenario files")
    opts = ap.parse_args()

    if opts.binary:
        opts.extended = True
    if not any(fnmatch.fnmatchcase(opts.target, t) for t in TARGETS):
        sys.exit(f"compat: unknown target {opts.target!r} (known: {', '.join(TARGETS)})")
    files = select_files(opts.scenarios)
    try:
        parsed = [(f, *parse_file(f)) for f in files]
    except ScenarioError as e:
        sys.exit(f"compat: {e}")
    if opts.list_differences:
        list_differences(files)
        return 0
    if opts.check:
        print(f"compat: {len(files)} scenario files, {sum(len(c) for _, _, c in parsed)} statements parsed")
        return 0
    if opts.record and (opts.target != "postgres" or opts.extended):
        sys.exit("compat: --record writes PostgreSQL's answers: use it with --target postgres and the simple protocol")
    if not opts.dsn:
        if opts.target != "postgres":
            sys.exit("compat: --dsn is required for a target other than postgres")
        opts.dsn = start_postgres(opts.pg_dir, opts.pg_port)
    conninfo_to_dict(opts.dsn)  # validates
    if not opts.fresh:
        opts.fresh = "database" if opts.target == "postgres" else "name"
    opts.db_prefix = f"compat_{os.getpid()}_"
    if opts.dsn and "connect_timeout" not in opts.dsn:
        opts.dsn = make_conninfo(opts.dsn, connect_timeout=10)

    t0 = time.monotonic()
    mode = "extended+binary" if opts.binary else ("extended" if opts.extended else "simple")
    print(f"compat: target {opts.target}, {mode} protocol, {len(files)} scenarios, fresh {opts.fresh}, -j {opts.jobs}")
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        futs = [pool.submit(run_scenario, path, cases, opts) for path, _, cases in parsed]
        outs = [f.result() for f in futs]

    total = passed = failed = declared = 0
    setup_failures = 0
    recorded_changes = 0
    for (path, lines, cases), (results, secs, err) in zip(parsed, outs):
        rel = os.path.relpath(path, ROOT)
        if err:
            print(f"FAIL {rel}: {err}")
            setup_failures += 1
            total += len(cases)
            failed += len(cases)
            continue
        nfail = 0
        for r in results:
            total += 1
            if r.status == "pass" or r.status == "recorded":
                passed += 1
            elif r.status == "declared":
                declared += 1
            else:
                failed += 1
                nfail += 1
                report_failure(r, opts.target)
        if opts.record:
            ch = write_recorded(path, lines, results)
            recorded_changes += ch
            if ch or opts.verbose:
                print(f"recorded {rel}: {len(results)} statements, {ch} expectations changed")
        elif opts.verbose:
            print(f"{'ok  ' if not nfail else 'FAIL'} {rel}: {len(results)} statements, {nfail} failed, {secs:.2f} s")
    elapsed = time.monotonic() - t0
    if opts.record:
        print(f"compat: recorded {total} statements in {len(files)} scenarios from {opts.target} "
              f"({recorded_changes} changed, {failed} not run) in {elapsed:.1f} s")
        return 1 if failed else 0
    print(f"compat: {total} statements, {passed} passed, {failed} failed, {declared} declared differences "
          f"({len(files)} scenarios, {mode}, {elapsed:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
