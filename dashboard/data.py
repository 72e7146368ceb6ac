"""The app's access to the store: reads side by side (each call has its own short-lived read-only
DuckDB connection, cheap because the store keeps the database open between calls; no lock
serialises requests), caches keyed on the store's version (its files' size and change time, so an
ingest by any process makes them stale at once, and nothing is reloaded while the store stays as
it is), and a brief read-write connection when articles are added.

The views read *light* observation frames: the store's observations without their lists of
figure ids, plus ``key`` (the observation's first figure id, its smallest, since the store keeps
each list in ascending order: a small, stable handle for a point) and ``n_figures``; the figures
behind an observation are looked up when asked for, a page at a time.

Errors reach the browser without the store's file path.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable

import pandas as pd

from metrics import observations as obs_mod

#: Seconds an upload waits for another ingest (e.g. the CLI) to finish writing.
WRITE_WAIT = 15.0
#: Cached values kept at most (the oldest used go first), so memory stays flat.
CACHE_SIZE = 512
#: Columns of a light observation frame.
LIGHT = tuple(c for c in obs_mod.COLUMNS if c != "figure_ids") + ("key", "n_figures")
_ORDER = "metric, geo, part, measure, basis, status_kind, unit, period_start, period_end"
_TEXT = ("metric", "measure", "basis", "geo", "part", "period_type", "status_kind", "unit", "status", "qualifier",
         "suspect_reason")
_LIGHT_SQL = ("SELECT " + ", ".join(
    [f"coalesce({c}, '') AS {c}" if c in _TEXT else
     f"coalesce({c}, false) AS {c}" if c in ("conflict", "superseded", "suspect") else
     f"coalesce({c}, 0) AS {c}" if c in ("n_sources", "n_mentions") else
     f"CAST({c} AS TIMESTAMP) AS {c}" if c in ("period_start", "period_end", "first_published", "last_published")
     else f"CAST({c} AS DOUBLE) AS {c}" if c in ("value", "value_high") else c
     for c in obs_mod.COLUMNS if c != "figure_ids"]
    + ["coalesce(figure_ids[1], 0) AS key", "coalesce(len(figure_ids), 0) AS n_figures"])
    + " FROM observations")
#: Columns of the figures read for sources, flags and outlets.
FIGURE_COLS = ("figure_id", "doc_id", "source", "url", "published", "sentence", "quote", "value", "value_high",
               "unit", "qualifier", "status", "period_type", "period_start", "period_end")


#: Columns enough to say who states which value (conflicts, outlets).
FLAG_COLS = ("figure_id", "source", "published", "value", "value_high", "unit", "qualifier", "status")


class Data:
    """Reads through ``opener(read_only=True)``; writes through ``opener(read_only=False)``.

    ``opener`` defaults to :class:`metrics.store.Store` on ``path``; tests pass a fake (one without
    ``connection()`` is read through its ``observations()`` and ``figures()`` instead of SQL).
    """

    def __init__(self, path=None, opener: Callable | None = None):
        self._files: tuple = ()  # the store's files, whose change makes every cached value stale
        if opener is None:
            from metrics.store import Store, default_path

            def opener(read_only=True):
                return Store(path, read_only=read_only, keep_alive=read_only)

            db = os.fspath(path) if path is not None else default_path()
            self._files = (db, db + ".wal")

        self._open = opener
        self._lock = threading.Lock()  # guards the attributes below, never a query
        self._write_lock = threading.Lock()
        self._reader = None
        self._cache: OrderedDict = OrderedDict()  # (version, key) -> value
        self._key_locks: dict = {}
        self._seen = None  # the last version seen: the cache is emptied when it changes
        self._writes = 0  # bumped by this process's own writes (a fake store has no files)

    def _store(self):
        with self._lock:
            if self._reader is None:
                self._reader = self._open(read_only=True)
            return self._reader

    def _read(self, call):
        store = self._store()
        try:
            return call(store)
        except Exception as e:
            raise _without_path(e, getattr(store, "path", None)) from None

    def _sql(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """A query on the store's own read-only connection (closed after), as a DataFrame."""
        def run(store):
            warm = getattr(store, "_keep_open", None)  # the store's kept-alive database makes connecting cheap
            if warm is not None and getattr(store, "keep_alive", False):
                warm()
            con = store.connection()
            try:
                return con.sql(sql, params=params or None).to_arrow_table().to_pandas(date_as_object=False)
            finally:
                con.close()
        return self._read(run)

    def _sql_ok(self) -> bool:
        return hasattr(self._store(), "connection")

    def version(self) -> tuple:
        """What the store's files say of their last change (another process's upload or ingest
        changes it), with this process's own writes: the key of every cached value."""
        out = [self._writes]
        for f in self._files:
            try:
                st = os.stat(f)
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def cached(self, key, make: Callable[[], object]):
        """``make()`` once per ``key`` and store version. Requests for other keys never wait for it;
        requests for the same key wait for the one computing it, not for each other."""
        version = self.version()
        full = (version, key)
        with self._lock:
            if self._seen != version:
                self._seen = version
                self._cache.clear()
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
            key_lock = self._key_locks.setdefault(full, threading.Lock())
        with key_lock:
            with self._lock:
                if full in self._cache:
                    return self._cache[full]
            value = make()
            with self._lock:
                if self._seen == version:
                    self._cache[full] = value
                    while len(self._cache) > CACHE_SIZE:
                        self._cache.popitem(last=False)
                self._key_locks.pop(full, None)
            return value

    def _cached(self, key, make):
        return self.cached(key, lambda: self._read(make))

    # --- light observations -------------------------------------------------------------------
    def _light(self, where: str = "", params: list | None = None, keep=None) -> pd.DataFrame:
        if self._sql_ok():
            return _typed_light(self._sql(f"{_LIGHT_SQL} {where} ORDER BY {_ORDER}", params), sql=True)
        obs = self.observations()
        obs = obs[keep(obs)] if keep is not None and len(obs) else obs
        return light_of(obs)

    def series(self, metric: str) -> pd.DataFrame:
        """A metric's observations (light frame)."""
        return self.cached(("series", metric), lambda: self._light(
            "WHERE metric = ?", [metric], lambda o: o["metric"] == metric))

    def at_place(self, geo: str) -> pd.DataFrame:
        """A place's observations (light frame)."""
        return self.cached(("place", geo), lambda: self._light("WHERE geo = ?", [geo], lambda o: o["geo"] == geo))

    def place_counts(self, geo: str) -> list[dict]:
        """A place's observations counted by metric, part, measure, basis, target or not, unit and
        period type (``n``), in the order the observations are stored (ties keep it)."""
        cols = ["metric", "part", "measure", "basis", "target", "unit", "period_type", "n"]

        def make():
            if self._sql_ok():
                df = self._sql("SELECT metric, part, measure, basis, status = 'target' AS target, unit, period_type, "
                               "count(*) AS n, min(period_start) AS first FROM observations WHERE geo = ? "
                               "GROUP BY ALL ORDER BY metric, part, measure, basis, target, unit, first, period_type",
                               [geo])
            else:
                here = self.at_place(geo)
                here = here.assign(target=here["status"] == "target")
                df = here.groupby(cols[:-1], sort=False).size().rename("n").reset_index()
            return records(df, cols)
        return self.cached(("place_counts", geo), make)

    def place_series(self, geo: str, picks: tuple) -> pd.DataFrame:
        """A place's observations (light frame) of the chosen series: ``picks`` of (metric, measure,
        unit, period type, part or None for any, basis or None for any); a level's pick brings the
        metric's growth rates too (what the level's card says of its change)."""
        def make():
            wanted = []  # (metric, measure, unit, period type, part, basis); None: any
            for metric, measure, unit, ptype, part, basis in picks:
                wanted.append((metric, measure, unit, ptype, part, basis))
                if measure == "level":
                    wanted.append((metric, "growth_pct", None, None, part, None))
            if not wanted:
                return _typed_light(pd.DataFrame({c: [] for c in LIGHT}))
            if self._sql_ok():
                values = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(wanted))
                sql = (f"{_LIGHT_SQL} o SEMI JOIN (VALUES {values}) p(metric, measure, unit, ptype, part, basis) "
                       "ON o.metric = p.metric AND o.measure = p.measure AND coalesce(p.unit, o.unit) = o.unit "
                       "AND coalesce(p.ptype, o.period_type) = o.period_type AND coalesce(p.part, o.part) = o.part "
                       "AND coalesce(p.basis, o.basis) = o.basis WHERE o.geo = ?")
                return _typed_light(self._sql(f"{sql} ORDER BY {_ORDER}", [v for w in wanted for v in w] + [geo]),
                                    sql=True)
            here = self.at_place(geo)
            keep = pd.Series(False, index=here.index)
            for metric, measure, unit, ptype, part, basis in wanted:
                m = (here["metric"] == metric) & (here["measure"] == measure)
                for col, v in (("unit", unit), ("period_type", ptype), ("part", part), ("basis", basis)):
                    if v is not None:
                        m &= here[col] == v
                keep |= m
            return here[keep].reset_index(drop=True)
        return self.cached(("place_series", geo, picks), make)

    def places(self) -> dict:
        """{"counts": {place: observations}, "newest": the latest period end (or None)}."""
        def make():
            if self._sql_ok():
                df = self._sql("SELECT geo, count(*) AS n, max(period_end) AS newest FROM observations GROUP BY geo")
                newest = df["newest"].max() if len(df) else None
                counts = dict(zip(df["geo"].astype(str), df["n"].astype(int), strict=True))
            else:
                obs = self.observations()
                counts = obs.groupby("geo").size().astype(int).to_dict() if obs is not None and len(obs) else {}
                newest = obs["period_end"].max() if counts else None
            return {"counts": counts, "newest": None if newest is None or pd.isna(newest) else pd.Timestamp(newest)}
        return self.cached("places", make)

    def metrics_with_data(self) -> set[str]:
        def make():
            if self._sql_ok():
                return set(self._sql("SELECT DISTINCT metric FROM observations")["metric"])
            obs = self.observations()
            return set(obs["metric"]) if obs is not None and len(obs) else set()
        return self.cached("metrics", make)

    # --- the figures behind observations ------------------------------------------------------
    def _member_ids(self, keys=None, ids=None) -> dict[int, list[int]]:
        """{observation key: its figure ids} for observations whose key is in ``keys`` or that hold
        a figure of ``ids``."""
        keys, ids = sorted({int(k) for k in keys or []}), sorted({int(i) for i in ids or []})
        if not keys and not ids:
            return {}
        if self._sql_ok():
            where = []
            if keys:
                where.append("figure_ids[1] IN (SELECT unnest(?::BIGINT[]))")
            if 0 < len(ids) <= 8:
                where += ["list_contains(figure_ids, ?)"] * len(ids)
            elif ids:
                where.append("list_has_any(figure_ids, ?::BIGINT[])")
            params = ([keys] if keys else []) + (ids if len(ids) <= 8 else [ids])
            df = self._sql("SELECT figure_ids[1] AS key, figure_ids FROM observations WHERE " + " OR ".join(where),
                           params)
            return {int(k): [int(i) for i in v] for k, v in zip(df["key"], df["figure_ids"], strict=True)}
        obs = self.observations()
        out = {}
        want_k, want_i = set(keys), set(ids)
        for v in obs["figure_ids"] if obs is not None and len(obs) else []:
            v = [int(i) for i in v]
            if v and (v[0] in want_k or want_i & set(v)):
                out[v[0]] = v
        return out

    def _figures_of(self, ids: list[int], limit: int | None = None,
                    columns: tuple = FIGURE_COLS) -> tuple[pd.DataFrame, int]:
        """Figures of ``ids`` (``columns``, at least those of :data:`FLAG_COLS`), newest first, at most
        ``limit``; and how many of ``ids`` exist."""
        ids = sorted({int(i) for i in ids})
        if not ids:
            return pd.DataFrame(columns=list(columns)), 0
        if not self._sql_ok():
            figs = self.figures_by_id(ids)
            figs = figs.sort_values(["published", "figure_id"], ascending=False, na_position="last")
            return (figs.head(limit) if limit else figs).reset_index(drop=True), len(figs)
        order = "ORDER BY published DESC NULLS LAST, figure_id DESC"
        total = len(ids)
        if limit is not None and len(ids) > limit:  # the page's ids first: only they are read in full
            top = self._sql(f"SELECT figure_id, count(*) OVER () AS n_all FROM figures WHERE figure_id BETWEEN ? "
                            f"AND ? AND figure_id IN (SELECT unnest(?::BIGINT[])) {order} LIMIT {int(limit)}",
                            [ids[0], ids[-1], ids])
            total = int(top["n_all"].iloc[0]) if len(top) else 0
            ids = sorted(int(i) for i in top["figure_id"])
        cols = ", ".join(f'"{c}"' for c in columns)
        df = self._sql(f"SELECT {cols} FROM figures WHERE figure_id BETWEEN ? AND ? "
                       f"AND figure_id IN (SELECT unnest(?::BIGINT[])) {order}", [ids[0], ids[-1], ids]) \
            if ids else pd.DataFrame(columns=list(columns))
        if total == len(ids) or limit is None:
            total = len(df)
        for c in ("published", "period_start", "period_end"):
            if c in df:
                df[c] = _dates(df[c])
        for c in ("value", "value_high"):
            df[c] = df[c].astype("float64")
        for c in ("doc_id", "source", "url", "sentence", "quote", "unit", "qualifier", "status", "period_type"):
            if c in df:
                df[c] = df[c].fillna("").astype(str)
        return df, total

    def point_sources(self, ids: list[int], limit: int = 50) -> tuple[pd.DataFrame, int, list[int]]:
        """For the figure ids of a point (or of an address): the figures of every observation
        holding one of them, newest first, at most ``limit``; how many there are; the keys of
        those observations."""
        if not ids:
            return pd.DataFrame(columns=list(FIGURE_COLS)), 0, []
        return self.cached(("sources", tuple(sorted(set(ids))), limit), lambda: self._point_sources(ids, limit))

    def _point_sources(self, ids, limit):
        members = self._member_ids(ids=ids)
        every = set(ids).union(*members.values()) if members else set(ids)
        figs, total = self._figures_of(sorted(every), limit)
        return figs, total, sorted(members)

    def observation_figures(self, keys: list[int], metric: str | None = None) -> dict[int, list[dict]]:
        """{key: the figures of that observation (records with the columns of :data:`FLAG_COLS`),
        oldest first} for the observations ``keys``; ``metric``: the metric they all are of, if known
        (the store then reads the lists of figure ids of that metric's observations only)."""
        def make():
            if self._sql_ok():  # one query: the observations' ids unnested, joined to their figures
                cols = ", ".join(f'f."{c}"' for c in FLAG_COLS)
                of = "metric = ? AND " if metric is not None else ""
                figs = self._sql(f"SELECT o.key, {cols} FROM (SELECT figure_ids[1] AS key, unnest(figure_ids) AS "
                                 f"figure_id FROM observations WHERE {of}figure_ids[1] IN (SELECT unnest(?::BIGINT[]))) "
                                 "o JOIN figures f USING (figure_id) ORDER BY f.published NULLS FIRST, f.figure_id",
                                 ([metric] if metric is not None else []) + [sorted({int(k) for k in keys})])
                figs["published"] = _dates(figs["published"])
                figs["value"] = figs["value"].astype("float64")
                figs["value_high"] = figs["value_high"].astype("float64")
                for c in ("source", "unit", "qualifier", "status"):
                    figs[c] = figs[c].fillna("").astype(str)
            else:
                members = self._member_ids(keys=keys)
                figs, _ = self._figures_of([i for v in members.values() for i in v], columns=FLAG_COLS)
                figs = figs.sort_values(["published", "figure_id"], na_position="first")
                owner = {i: k for k, v in members.items() for i in v}
                figs["key"] = [owner[int(i)] for i in figs["figure_id"]]
            out: dict[int, list[dict]] = {}
            for r in records(figs, ["key", *FLAG_COLS]):
                out.setdefault(int(r.pop("key")), []).append(r)
            return out
        return self.cached(("members", tuple(sorted({int(k) for k in keys})), metric), make) if keys else {}

    def outlets(self, keys: list[int]) -> list[str]:
        """The outlets of the figures of the observations ``keys``, in alphabetical order."""
        keys = sorted({int(k) for k in keys})
        if not keys:
            return []

        def make():
            if self._sql_ok():
                df = self._sql("SELECT DISTINCT d.source FROM documents d WHERE d.id IN (SELECT f.doc_id FROM "
                               "figures f WHERE f.figure_id IN (SELECT unnest(figure_ids) FROM observations "
                               "WHERE figure_ids[1] IN (SELECT unnest(?::BIGINT[]))))", [keys])
                return sorted({str(s) for s in df["source"] if s})
            figs, _ = self._figures_of([i for v in self._member_ids(keys=keys).values() for i in v],
                                       columns=FLAG_COLS)
            return sorted({str(s) for s in figs["source"] if s})
        return self.cached(("outlets", tuple(keys)), make)

    def with_figure_ids(self, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` (a light frame) with the column ``figure_ids`` (for downloads)."""
        members = self._member_ids(keys=list(rows["key"])) if len(rows) else {}
        rows = rows.copy()
        rows["figure_ids"] = [members.get(int(k), []) for k in rows["key"]]
        return rows

    def sources_per_metric(self) -> dict[str, int]:
        """How many documents state each metric."""
        return self._cached("sources_per_metric", lambda s: s.sources_per_metric())

    def figures_page(self, filter_model, sort_model, offset: int, limit: int | None) -> tuple[pd.DataFrame, int]:
        """A page of figures filtered and sorted by the store, and how many pass the filter."""
        return self._read(lambda s: s.figures_page(filter_model=filter_model, sort_model=sort_model,
                                                   offset=offset, limit=limit))

    def figures_by_id(self, ids: list[int]) -> pd.DataFrame:
        return self._read(lambda s: s.figures(ids=list(ids)))

    def doc_figures(self, doc_id: str) -> pd.DataFrame:
        return self._read(lambda s: s.figures(doc_id=doc_id))

    def observations(self) -> pd.DataFrame:
        """Every observation (one row per metric, measure, basis, geo, part, period and status kind)."""
        return self._cached("observations", lambda s: s.observations())

    def documents(self) -> pd.DataFrame:
        return self._cached("documents", lambda s: s.documents())

    def document(self, doc_id: str) -> dict | None:
        return self._read(lambda s: s.document(doc_id))

    def has_document(self, doc_id: str) -> bool:
        return self._read(lambda s: s.has_document(doc_id))

    def add_documents(self, docs) -> object:
        """Store ``docs`` (Documents, or (Document, rows) pairs) as uploads through a read-write
        connection; nothing stored is replaced. Returns the summary."""
        with self._write_lock:
            writer = self._open(read_only=False)
            try:
                summary = writer.ingest_documents(docs, wait=WRITE_WAIT)
            except Exception as e:
                raise _without_path(e, getattr(writer, "path", None)) from None
            finally:
                writer.close()
            with self._lock:
                self._writes += 1
                self._cache.clear()
            return summary

    def close(self) -> None:
        with self._lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None


def _without_path(e: Exception, path) -> Exception:
    """``e`` with the store's file path taken out of its message (messages may reach the browser)."""
    from metrics.errors import CivicMetricsError

    if not isinstance(e, CivicMetricsError) or not path:
        return e
    import os

    text = str(e)
    for p in sorted({str(path), os.path.abspath(str(path))}, key=len, reverse=True):
        text = text.replace(p, "the store")
    return type(e)(text)


def light_of(obs: pd.DataFrame | None) -> pd.DataFrame:
    """A light frame of a full observations frame (``key``, ``n_figures`` instead of ``figure_ids``)."""
    if obs is None or not len(obs):
        return _typed_light(pd.DataFrame({c: [] for c in LIGHT}))
    obs = obs.copy()
    ids = [[int(i) for i in v] if v is not None else [] for v in obs["figure_ids"]]
    obs["key"] = [v[0] if v else 0 for v in ids]
    obs["n_figures"] = [len(v) for v in ids]
    for c in LIGHT:
        if c not in obs:
            obs[c] = "" if c in _TEXT else None
    return _typed_light(obs)


def _typed_light(df: pd.DataFrame, sql: bool = False) -> pd.DataFrame:
    """The dtypes of :func:`metrics.observations.typed` (less ``figure_ids``), column by column;
    ``sql``: read by :data:`_LIGHT_SQL`, whose columns have their types and no nulls already (but
    for the dates' unit)."""
    for c in ("period_start", "period_end", "first_published", "last_published"):
        df[c] = _dates(df[c])
    if sql:
        return df
    for c in ("value", "value_high"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    for c in ("n_sources", "n_mentions", "key", "n_figures"):
        df[c] = pd.to_numeric(df[c]).fillna(0).astype("int64")
    for c in ("conflict", "superseded", "suspect"):
        df[c] = df[c].fillna(False).astype(bool)
    for c in _TEXT:
        df[c] = df[c].fillna("").astype(str)
    return df[list(LIGHT)].reset_index(drop=True)


def _dates(s: pd.Series) -> pd.Series:
    """``s`` as datetime64[ns] (a cast when it holds dates already: parsing them again is slow)."""
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.astype("datetime64[ns]")
    return pd.to_datetime(s, errors="coerce").astype("datetime64[ns]")


def records(df: pd.DataFrame, columns=None) -> list[dict]:
    """The rows of ``df`` as dicts (``columns`` only), built column by column: several times faster
    than ``DataFrame.to_dict("records")``, which boxes every cell on its own. Dates come as
    ``datetime.datetime`` (NaT as is), much cheaper to make than Timestamps."""
    cols = list(df.columns if columns is None else columns)
    values = [_pydates(df[c]) if pd.api.types.is_datetime64_any_dtype(df[c]) else df[c].tolist() for c in cols]
    return [dict(zip(cols, row, strict=True)) for row in zip(*values, strict=True)]


def _pydates(s: pd.Series) -> list:
    return pd.DatetimeIndex(s).to_pydatetime().tolist()
