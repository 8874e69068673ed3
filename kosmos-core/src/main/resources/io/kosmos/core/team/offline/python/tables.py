# ---- reading real tables: encoding, delimiter, decimal comma, header, preamble, wide panels ------

NA_VALUES = ["", "NA", "N/A", "n/a", "na", "NaN", "nan", "NULL", "null", "None", ".", "..", "?",
             "-", "missing", "#N/A"]
YEAR_COLUMN = re.compile(r"^\s*[A-Za-z]{0,2}((?:1[89]|20)\d\d)(?:\s*\[YR\d{4}\])?\s*$")
INDICATOR_NAME = re.compile(r"indicator|series|variable|measure|metric|item|subject", re.I)
TIME_NAME = re.compile(r"^(year|yr|date|time|period|wave|month|quarter)s?$", re.I)


def _encoding(raw):
    """The text encoding of the first bytes: a BOM, else UTF-8 if it decodes, else Windows-1252."""
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return "utf-16", "UTF-16 (byte order mark)"
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", "UTF-8 with a byte order mark"
    try:
        raw[:-4].decode("utf-8") if len(raw) >= 65536 else raw.decode("utf-8")
        return "utf-8", "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("cp1252")
        return "cp1252", "Windows-1252 (not valid UTF-8)"
    except UnicodeDecodeError:
        return "latin-1", "Latin-1 (not valid UTF-8)"


def _fields(line, sep):
    try:
        return next(csv.reader([line], delimiter=sep, quotechar='"'))
    except (csv.Error, StopIteration):
        return [line]


def _layout(lines, ext):
    """The delimiter, the header line and the preamble: the delimiter that splits most lines into
    the same number (> 1) of fields; lines before the first such line are a preamble."""
    best = None
    order = ["\t", ",", ";", "|"] if ext in (".tsv", ".tab") else [",", ";", "\t", "|"]
    for sep in order:
        counts = [len(_fields(l, sep)) for l in lines]
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        modal = max(set(multi), key=lambda c: (multi.count(c), c))
        share = counts.count(modal) / len(counts)
        if best is None or (share, modal) > (best[1], best[2]):
            best = (sep, share, modal, counts)
    if best is None:
        return ("\t" if ext in (".tsv", ".tab") else ","), 0, 1
    sep, _, modal, counts = best
    start = next(i for i, c in enumerate(counts) if c == modal)
    return sep, start, modal


_NUM_DOT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")
_NUM_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_NUM_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


def _decimal_comma(rows):
    """Whether numbers are written with a decimal comma (1,5 or 1.234,5), from the data rows."""
    comma = dot = 0
    for row in rows:
        for f in row:
            f = f.strip()
            if _NUM_COMMA.match(f) or _NUM_COMMA_THOUSANDS.match(f):
                comma += 1
            elif "." in f and _NUM_DOT.match(f):
                dot += 1
    return comma > 0 and comma >= 2 * dot, any(
        _NUM_COMMA_THOUSANDS.match(f.strip()) for row in rows for f in row)


def _numberish(f):
    f = f.strip()
    return bool(_NUM_DOT.match(f) or _NUM_COMMA.match(f))


def _has_header(header, rows):
    """A first line that is all numbers while the rows below are numbers too is data, not names."""
    if not header or not rows:
        return True
    if sum(_numberish(f) for f in header) < len(header):
        return True
    numeric_cols = sum(all(_numberish(r[j]) for r in rows if j < len(r) and r[j].strip())
                       for j in range(len(header)))
    return numeric_cols < len(header)


def _table_cache():
    """Tables read in this kernel, by path: (size and SHA-256 of the file, table, READ). It lives in
    a module, so that a kernel kept for the run's next task (its namespace reset) parses each file
    once; a copy is handed out, so no task sees what another did to its table."""
    import sys
    import types
    holder = sys.modules.get("_kosmos_tables")
    if holder is None:
        holder = sys.modules["_kosmos_tables"] = types.ModuleType("_kosmos_tables")
        holder.cache = {}
    return holder.cache


def _file_key(path):
    with open(path, "rb") as f:
        data = f.read()
    return len(data), hashlib.sha256(data).hexdigest()


def read_table(path):
    """Reads a data file as it is, and says how: encoding, delimiter, quoting, decimal comma,
    preamble lines, header, an unnamed index column; a wide panel (years as columns) is reshaped
    to long form. Returns the table and what was seen (READ). A file this kernel read before, with
    the same bytes, is not parsed again."""
    import copy
    cache = _table_cache()
    key = _file_key(path)
    hit = cache.get(path)
    if hit is not None and hit[0] == key:
        df, read = hit[1].copy(), copy.deepcopy(hit[2])
        show_reading(df, read)
        return df, read
    df, read = _read_table(path)
    if len(cache) >= 4:
        cache.clear()
    cache[path] = (key, df.copy(), copy.deepcopy(read))
    show_reading(df, read)
    return df, read


def _read_table(path):
    name = os.path.basename(path)
    ext = os.path.splitext(path)[1].lower()
    if ext not in SUPPORTED_TYPES:
        raise ValueError(f"{name}: unsupported file type '{ext}'; supported: "
                         + ", ".join(SUPPORTED_TYPES))
    read = {"file": name, "notes": []}
    if ext in (".xlsx", ".xlsm"):
        df = pd.read_excel(path, sheet_name=0, engine="openpyxl")
        read.update(format="Excel workbook, first sheet")
    else:
        df = _read_delimited(path, ext, read)
    df.columns = [str(c).strip() for c in df.columns]
    if len(df.columns) > 1 and all(len(c) > 2 and c[0] == c[-1] == "'" for c in df.columns):
        df.columns = [c[1:-1] for c in df.columns]
        read["notes"].append("single-quoted column names unquoted")
    empty = [c for c in df.columns if c.startswith("Unnamed:") and df[c].isna().all()]
    if empty:
        df = df.drop(columns=empty)
        read["notes"].append(f"{len(empty)} empty unnamed column(s) dropped (trailing delimiters)")
    df = df.dropna(how="all")
    if df.shape[1] == 0 or df.shape[0] == 0:
        raise ValueError(f"{name} has no data rows")
    index = [c for c in df.columns if c == "" or re.match(r"^Unnamed: ?\d+$", c)]
    if index:
        read["index_column"] = index[0]
        read["notes"].append(f"the unnamed first column '{index[0]}' holds row labels (an index)"
                             " and is set aside")
    df, panel = reshape_wide_panel(df, read)
    if panel is None:
        panel = detect_long_panel(df)
    if panel is not None:
        read["panel"] = panel
    return df, read


def _read_delimited(path, ext, read):
    with open(path, "rb") as fh:
        raw = fh.read(262144)
    if not raw.strip():
        raise ValueError(f"{os.path.basename(path)} is empty")
    encoding, enc_words = _encoding(raw)
    text = raw.decode(encoding, errors="replace")
    lines = [l for l in text.splitlines()[:200] if l.strip()]
    if len(raw) == 262144 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    sep, start, width = _layout(lines[:80], ext)
    rows = [_fields(l, sep) for l in lines[start + 1:start + 200]]
    header = _fields(lines[start], sep) if lines else []
    decimal, thousands = _decimal_comma(rows) if sep != "," else (False, False)
    has_header = _has_header(header, rows[:50])
    skip = _preamble_lines(text, lines[start]) if start > 0 else 0
    df = pd.read_csv(path, sep=sep, encoding=encoding, decimal="," if decimal else ".",
                     thousands="." if decimal and thousands else None, skiprows=skip,
                     header=0 if has_header else None, na_values=NA_VALUES,
                     keep_default_na=True, skipinitialspace=True, low_memory=False,
                     encoding_errors="replace")
    if not has_header:
        df.columns = [f"column {j + 1}" for j in range(df.shape[1])]
    names = {",": "comma", "\t": "tab", ";": "semicolon", "|": "vertical bar"}
    quoted = lines and lines[start].lstrip().startswith('"')
    read.update(format="delimited text", encoding=enc_words, delimiter=names.get(sep, sep),
                decimal="comma" if decimal else "point", header=bool(has_header),
                preamble_lines=skip, quoted_header=bool(quoted))
    if decimal:
        read["notes"].append("numbers use a decimal comma" + (" and a dot between thousands"
                                                                if thousands else ""))
    if skip:
        read["notes"].append(f"{skip} line(s) before the header skipped (a title or notes)")
    if not has_header:
        read["notes"].append("the first line holds data, not names: columns are numbered")
    return df


def _preamble_lines(text, header_line):
    """How many physical lines come before the header line (blank ones included)."""
    for i, line in enumerate(text.splitlines()):
        if line == header_line:
            return i
    return 0


def reshape_wide_panel(df, read):
    """A table with years as columns (three or more) and an entity column (a country), perhaps
    with an indicator column (one row per entity and indicator), becomes one row per entity and
    year with one column per indicator. Returns the table and the panel's structure, or the table
    unchanged and None."""
    years = {}
    for c in df.columns:
        m = YEAR_COLUMN.match(str(c))
        if m:
            years[c] = int(m.group(1))
    if len(years) < 3:
        return df, None
    ids = [c for c in df.columns if c not in years and c != read.get("index_column")]
    text_ids = [c for c in ids if not pd.api.types.is_numeric_dtype(df[c])]
    if not text_ids:
        return df, None
    indicator = next((c for c in text_ids if INDICATOR_NAME.search(c)), None)
    candidates = [c for c in text_ids if c != indicator]
    if indicator is None and len(candidates) >= 2:
        # the one whose values repeat most across rows, while with the other it picks out a row
        by_levels = sorted(candidates, key=lambda c: df[c].nunique())
        for c in by_levels:
            others = [o for o in candidates if o != c and df[o].nunique() > df[c].nunique()]
            if others and not df.duplicated([others[0], c]).any() and df[c].nunique() > 1:
                indicator = c
                break
        candidates = [c for c in text_ids if c != indicator]
    if not candidates:
        return df, None
    entity = candidates[0]
    dropped = [c for c in ids if c not in (entity, indicator)]
    value_cols = list(years)
    keep = [entity] + ([indicator] if indicator else [])
    long = df[keep + value_cols].melt(id_vars=keep, value_vars=value_cols, var_name="year",
                                      value_name="value")
    long["year"] = long["year"].map(years).astype(int)
    long["value"] = pd.to_numeric(long["value"].astype(str).str.replace(",", ".", regex=False)
                                  if long["value"].dtype == object else long["value"],
                                  errors="coerce")
    if indicator:
        out = long.pivot_table(index=[entity, "year"], columns=indicator, values="value",
                               aggfunc="first").reset_index()
        out.columns.name = None
        names = [c for c in out.columns if c not in (entity, "year")]
    else:
        stem = os.path.splitext(read.get("file", "value"))[0]
        out = long.rename(columns={"value": stem})
        names = [stem]
    out = out.sort_values([entity, "year"]).reset_index(drop=True)
    panel = {"entity": entity, "time": "year", "wide": True, "indicator_column": indicator,
             "indicators": names, "years": [min(years.values()), max(years.values())],
             "entities": int(out[entity].nunique()), "rows_before": int(df.shape[0]),
             "columns_before": int(df.shape[1]), "dropped_columns": dropped}
    read["notes"].append(
        f"a wide panel: {len(years)} year columns ({min(years.values())}-{max(years.values())})"
        + (f", one row per {entity} and {indicator}" if indicator else f", one row per {entity}")
        + f"; reshaped to one row per {entity} and year: {out.shape[0]} rows, columns "
        + ", ".join([entity, "year"] + names)
        + (f" (dropped: {', '.join(dropped)})" if dropped else ""))
    return out, panel


def detect_long_panel(df):
    """A long panel: a time column (named year, date, wave ...) and an entity column whose
    values repeat across times, each entity and time once."""
    times = [c for c in df.columns if TIME_NAME.match(str(c).strip())]
    if not times:
        return None
    t = times[0]
    for c in df.columns:
        if c == t or pd.api.types.is_float_dtype(df[c]):
            continue
        k = df[c].nunique()
        if 2 <= k <= df.shape[0] / 2 and not df.duplicated([c, t]).any():
            return {"entity": c, "time": t, "wide": False, "entities": int(k)}
    return None


def show_reading(df, read):
    parts = [read.get("format", "")]
    for key in ("encoding", "delimiter", "decimal"):
        if key in read:
            parts.append(f"{key} {read[key]}")
    if "header" in read:
        parts.append("header row" if read["header"] else "no header row")
    print(f"{read['file']}: " + ", ".join(p for p in parts if p)
          + f"; {df.shape[0]} rows x {df.shape[1]} columns")
    for note in read["notes"]:
        print("  - " + note)
    if read.get("panel") and not read["panel"].get("wide"):
        p = read["panel"]
        print(f"  - a panel: {p['entities']} {p['entity']} value(s) observed over {p['time']}")


def restrict_rows(df, read, restrictions, dictionary=None):
    """Keeps the rows the question asks about ("in 1985", "among women", "among those ever
    incarcerated") and says which and how many; a restriction that cannot be resolved is reported
    and the rows are kept."""
    read["restrictions"] = []
    for r in restrictions:
        col = r.get("column") or (read.get("panel") or {}).get("time") or next(
            (c for c in df.columns if TIME_NAME.match(str(c))), None)
        entry = {"phrase": r["phrase"], "column": col, "op": r["op"], "values": r["values"],
                 "rows_before": int(df.shape[0])}
        try:
            if col is None or col not in df.columns:
                raise ValueError(f"no column {col or 'of time'} to select '{r['phrase']}' by")
            mask, what = _selection(df[col], r, (dictionary or {}).get(col, ""))
        except ValueError as e:
            entry.update(applied=False, why=str(e), rows_after=int(df.shape[0]))
            print(f"Could not restrict the rows to '{r['phrase']}': {e}; every row is kept.")
            read["restrictions"].append(entry)
            continue
        df = df[mask.fillna(False).to_numpy()]
        entry.update(applied=True, selected=what, rows_after=int(df.shape[0]))
        print(f"Rows restricted to {what} ('{r['phrase']}'): {df.shape[0]} of "
              f"{entry['rows_before']} rows kept.")
        read["restrictions"].append(entry)
        if df.shape[0] == 0:
            raise ValueError(f"no row is left after restricting to {what} ('{r['phrase']}')")
    return df


_TRUE = {"1", "1.0", "yes", "y", "true", "t", "ever", "present", "positive"}
_FALSE = {"0", "0.0", "no", "n", "false", "f", "never", "absent", "negative"}


def _selection(s, r, description):
    op, values = r["op"], r["values"]
    if op in ("eq", "ge", "le", "between"):
        v = pd.to_numeric(s, errors="coerce")
        if v.isna().all():
            v = pd.to_datetime(s.astype(str), errors="coerce").dt.year
        lo, hi = float(values[0]), float(values[-1])
        if op == "eq":
            return v == lo, f"{s.name} = {values[0]}"
        if op == "ge":
            return v >= lo, f"{s.name} >= {values[0]}"
        if op == "le":
            return v <= lo, f"{s.name} <= {values[0]}"
        return (v >= lo) & (v <= hi), f"{s.name} from {values[0]} to {values[-1]}"
    labels = {str(label(x)): x for x in s.dropna().unique()}
    coded = {m.group(2).lower(): m.group(1)
             for m in re.finditer(r"(\w+)\s*=\s*([A-Za-z]+)", description)}
    if op == "level":
        for w in values:
            for lab in labels:
                if lab.lower() == w or lab.lower().startswith(w) and len(w) > 1:
                    return s.map(label) == lab, f"{s.name} = {lab}"
            if w in coded and coded[w] in labels:
                return s.map(label) == coded[w], f"{s.name} = {coded[w]} ({w})"
        raise ValueError(f"{s.name} has levels {', '.join(sorted(labels)[:8])} and none reads as "
                         f"'{values[0]}'; say which in the data dictionary (for example "
                         f"'{s.name}: 1 = {values[0]}, 2 = ...')")
    want = _TRUE if op == "yes" else _FALSE
    hits = [lab for lab in labels if lab.lower() in want]
    if len(labels) == 2 and len(hits) == 1:
        return s.map(label) == hits[0], f"{s.name} = {hits[0]}"
    raise ValueError(f"{s.name} has levels {', '.join(sorted(labels)[:8])}; none reads as "
                     f"{'yes' if op == 'yes' else 'no'}")
