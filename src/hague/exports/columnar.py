"""Parquet files and one DuckDB database from typed tables (pyarrow and duckdb, imported when used).

Parquet: one file per table; each field's metadata carries ``header``, ``unit``, ``decimals``, ``kind``,
``description``, ``origin`` and ``inputs``; the schema metadata ``hague`` holds the title, the provenance
(datasets with edition, producer, URL, licence), the notes and the primary key, as JSON.

DuckDB: one table per export table; ``hague_columns`` (table, column, header, unit, decimals, kind, origin,
inputs, description) and ``hague_sources`` (table, dataset, edition, producer, title, url, licence) describe them;
every table and column also carries a ``COMMENT``. Views: ``observations`` (every edition's rows, with the dataset
id), ``status_allies`` (each ally's share of GDP, spending, the 2% test and the gap to 3.5% in pp and USD bn,
recomputed in SQL from the default edition's observations as ``hague status`` computes them),
``status_totals`` (NATO and Europe-and-Canada spending, summed over the members of that year) and ``gaps``
(each ally's latest gap to 3.5%).
"""

from __future__ import annotations

import json
from pathlib import Path

from hague.exports.frames import TypedTable
from hague.exports.writers import export_dir, export_file, needs_export

__all__ = ["write_parquet", "write_duckdb", "arrow_table", "status_sql"]


def _field_meta(f) -> dict[bytes, bytes]:
    c = f.column
    meta = {"header": c.header, "unit": c.unit, "decimals": "" if c.decimals is None else str(c.decimals),
            "kind": c.kind, "description": c.description, "origin": c.origin, "inputs": json.dumps(list(c.inputs))}
    return {k.encode(): str(v).encode() for k, v in meta.items()}


def _table_meta(t: TypedTable) -> dict:
    r = t.result
    return {"name": t.name, "title": r.title, "provenance": r.provenance.to_dict(), "notes": list(r.notes),
            "meta": json.loads(json.dumps(r.meta, default=str)), "primary_key": list(t.primary_key)}


def arrow_table(t: TypedTable):
    """The table as a pyarrow Table with field and schema metadata."""
    import pyarrow as pa

    types = {"number": pa.float64(), "integer": pa.int64(), "boolean": pa.bool_(), "string": pa.string()}
    fields = [pa.field(f.key, types[f.type], nullable=True, metadata=_field_meta(f)) for f in t.fields]
    schema = pa.schema(fields, metadata={b"hague": json.dumps(_table_meta(t), ensure_ascii=False).encode()})
    return pa.Table.from_pydict({f.key: t.columns[f.key] for f in t.fields}, schema=schema)


def write_parquet(tables: list[TypedTable], path: str | Path, *, single: bool = False) -> list[Path]:
    """One Parquet file per table in the folder ``path`` (all-or-nothing); with ``single`` and a path ending in
    ``.parquet``, that one file."""
    needs_export("parquet")
    import pyarrow.parquet as pq

    target = Path(path)
    if single and target.suffix.lower() == ".parquet":
        with export_file(target) as tmp:
            pq.write_table(arrow_table(tables[0]), tmp)
        return [target]
    with export_dir(target) as tmp:
        for t in tables:
            pq.write_table(arrow_table(t), tmp / f"{t.name}.parquet")
    return [target / f"{t.name}.parquet" for t in tables]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _s(text) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def status_sql(obs: str, allies: str = "allies", core: float | None = None, floor: float | None = None
               ) -> dict[str, str]:
    """The SQL of the status views over the observations table ``obs`` (a NATO edition with core defence
    expenditure in USD million, current and constant 2021, and GDP likewise): the ally rows and the totals."""
    from hague.rules import thresholds as _t  # 3.5 and 2, from the rule tree

    core, floor = _t.core(core), (_t.value(_t.FLOOR) if floor is None else floor)
    fam = "core_defence_expenditure"
    allies_sql = f"""
    WITH o AS (SELECT * FROM {_q(obs)}),
    share AS (SELECT ally, year, value AS share_gdp FROM o WHERE indicator = '{fam}_share_gdp'),
    spend AS (SELECT ally, year, value AS usd_m FROM o
              WHERE indicator = '{fam}' AND unit = 'USD million' AND price_basis = 'current'),
    spend_c AS (SELECT ally, year, value AS usd_m_2021 FROM o
                WHERE indicator = '{fam}' AND unit = 'USD million' AND price_basis = 'constant_2021'),
    gdp AS (SELECT ally, year, value AS gdp_usd_m FROM o
            WHERE indicator = 'gdp' AND unit = 'USD million' AND price_basis = 'current'),
    gdp_c AS (SELECT ally, year, value AS gdp_usd_m_2021 FROM o
              WHERE indicator = 'gdp' AND unit = 'USD million' AND price_basis = 'constant_2021'),
    j AS (
      SELECT s.ally AS code, s.year, s.share_gdp, sp.usd_m, g.gdp_usd_m,
             CASE WHEN sc.usd_m_2021 IS NOT NULL AND gc.gdp_usd_m_2021 <> 0
                  THEN 100 * sc.usd_m_2021 / gc.gdp_usd_m_2021 ELSE s.share_gdp END AS exact_share
      FROM share s
      LEFT JOIN spend sp USING (ally, year) LEFT JOIN spend_c sc USING (ally, year)
      LEFT JOIN gdp g USING (ally, year) LEFT JOIN gdp_c gc USING (ally, year))
    SELECT j.code, a.name, j.year, j.share_gdp, ROUND(j.usd_m / 1000, 3) AS spend_usd_bn,
           ROUND(j.share_gdp, 2) >= {floor} - 1e-9 AS meets_2pct,
           ROUND(CASE WHEN ROUND(j.share_gdp, 2) >= {core} - 1e-9 THEN 0 ELSE {core} - j.exact_share END, 2)
             AS gap_35_pp,
           ROUND(CASE WHEN ROUND(j.share_gdp, 2) >= {core} - 1e-9 THEN 0
                      ELSE ({core} - j.exact_share) / 100 * j.gdp_usd_m / 1000 END, 2) AS gap_35_usd_bn
    FROM j LEFT JOIN {_q(allies)} a ON a.iso3 = j.code
    ORDER BY j.year, j.code"""
    totals_sql = f"""
    WITH m AS (
      SELECT o.ally, o.year, o.value FROM {_q(obs)} o JOIN {_q(allies)} a ON a.iso3 = o.ally
      WHERE o.indicator = '{fam}' AND o.unit = 'USD million' AND o.price_basis = 'current'
        AND a.accession_year <= o.year)
    SELECT 'NATO' AS code, year, ROUND(SUM(value) / 1000, 3) AS spend_usd_bn, COUNT(*) AS allies FROM m GROUP BY year
    UNION ALL
    SELECT 'EUCA' AS code, year, ROUND(SUM(value) / 1000, 3), COUNT(*) FROM m WHERE ally <> 'USA' GROUP BY year
    ORDER BY year, code"""
    gaps_sql = """
    SELECT code, name, year, share_gdp, gap_35_pp, gap_35_usd_bn FROM status_allies
    WHERE year = (SELECT MAX(year) FROM status_allies) ORDER BY gap_35_usd_bn DESC NULLS LAST"""
    return {"status_allies": allies_sql, "status_totals": totals_sql, "gaps": gaps_sql}


def write_duckdb(tables: list[TypedTable], path: str | Path, *, single: bool = False,
                 status_from: str | None = None) -> list[Path]:
    """One DuckDB database file with every table, the column and source tables, comments and the views."""
    needs_export("duckdb")
    import duckdb

    target = Path(path)
    with export_file(target) as tmp:
        con = duckdb.connect(str(tmp))
        try:
            cols_rows, src_rows = [], []
            for t in tables:
                con.register("_t", arrow_table(t))
                con.execute(f"CREATE TABLE {_q(t.name)} AS SELECT * FROM _t")
                con.unregister("_t")
                if t.primary_key:
                    keys = ", ".join(_q(k) for k in t.primary_key)
                    con.execute(f"CREATE UNIQUE INDEX {_q(t.name + '_key')} ON {_q(t.name)} ({keys})")
                con.execute(f"COMMENT ON TABLE {_q(t.name)} IS {_s(t.result.title)}")
                for f in t.fields:
                    c = f.column
                    text = c.header + (f" [{c.unit}]" if c.unit else "") + (f": {c.description}" if c.description else "")
                    con.execute(f"COMMENT ON COLUMN {_q(t.name)}.{_q(f.key)} IS {_s(text)}")
                    cols_rows.append((t.name, f.key, c.header, c.unit, c.decimals, c.kind, c.origin,
                                      ", ".join(c.inputs), c.description))
                for s in t.result.provenance.sources:
                    src_rows.append((t.name, s.dataset, s.edition, s.producer, s.title, s.url, s.licence))
            con.execute("CREATE TABLE hague_columns (table_name VARCHAR, column_name VARCHAR, header VARCHAR, "
                        "unit VARCHAR, decimals INTEGER, kind VARCHAR, origin VARCHAR, inputs VARCHAR, "
                        "description VARCHAR)")
            con.executemany("INSERT INTO hague_columns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", cols_rows)
            con.execute("CREATE TABLE hague_sources (table_name VARCHAR, dataset VARCHAR, edition VARCHAR, "
                        "producer VARCHAR, title VARCHAR, url VARCHAR, licence VARCHAR)")
            con.executemany("INSERT INTO hague_sources VALUES (?, ?, ?, ?, ?, ?, ?)", src_rows)
            obs = [t for t in tables if {"ally", "indicator", "value", "price_basis"} <= set(t.columns)]
            if obs:
                union = " UNION ALL BY NAME ".join(
                    f"SELECT {_s(t.result.meta.get('dataset', t.name))} AS dataset, * FROM {_q(t.name)}" for t in obs)
                con.execute(f"CREATE VIEW observations AS {union}")
            names = {t.name for t in tables}
            if status_from in names and "allies" in names:
                from hague.rules import thresholds

                core, floor = thresholds.value(thresholds.CORE), thresholds.value(thresholds.FLOOR)
                for view, sql in status_sql(status_from, core=core, floor=floor).items():
                    con.execute(f"CREATE VIEW {view} AS {sql}")
            con.execute("CHECKPOINT")
        finally:
            con.close()
    return [target]
