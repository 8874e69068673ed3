# Kosmos offline statistical scientist: helper functions.
# Run this cell first; the cells after it call these functions. Every analysis cell prints a
# readable result and one line "KOSMOS_RESULT {json}" that Kosmos reads (numbers exactly as
# computed). Random procedures (bootstrap, permutations) are seeded from the task id, so running
# the notebook again gives the same numbers.
import csv
import hashlib
import io
import json
import math
import os
import re
import warnings

import numpy as np
import pandas as pd
from scipy import stats

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from IPython.display import Image, display  # noqa: E402

warnings.filterwarnings("ignore")
pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 40)

ALPHA = 0.05
Z975 = 1.959963984540054  # standard normal quantile for a 95% interval
SUPPORTED_TYPES = (".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm")
SET_ASIDE = ("identifier", "constant", "empty", "datetime", "text", "mostly-missing")
ID_NAME = re.compile(
    r"^(id|uuid|guid|key|index|idx|row|rownum|row_?id|record_?id|unnamed: ?\d+|)$"
    r"|(^|[_\s.\-])(id|uuid|guid|no|nr|num|number|key|code)$|^(id|uuid)[_\s]|[a-z]Id$|[a-z]ID$"
    r"|^(case|respondent|subject|patient|participant|person|record|household|hh|pid|serial)"
    r"([_\s.\-]?(id|no|nr|num|number|key))?$",
    re.IGNORECASE,
)


def seed_for(*parts):
    """A 32-bit seed derived from the task id and the variables: the same every run."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big")


def _num(v):
    """A JSON-safe number: None for NaN or infinity."""
    if v is None:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _clean(obj):
    if isinstance(obj, dict):
        # keys starting with "_" hold working data (resampling draws, fitted models)
        return {str(k): _clean(v) for k, v in obj.items() if not str(k).startswith("_")}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, str) or obj is None:
        return obj
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    return _num(obj)


def emit(result):
    """Prints the machine-readable line Kosmos parses (floats printed exactly, repr)."""
    print("KOSMOS_RESULT " + json.dumps(_clean(result), allow_nan=False, sort_keys=True))


def fmt(v, digits=3):
    """A number for people to read."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "n/a"
    v = float(v)
    if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e5):
        return f"{v:.{digits - 1}e}"
    return f"{v:.{digits}g}" if abs(v) >= 1 else f"{v:.{digits}f}"


def fmt_p(p):
    if p is None:
        return "n/a"
    return "< 1e-300" if p == 0 else fmt(p)


# ---- loading -----------------------------------------------------------------------------------


def load_table(path):
    """Reads a CSV/TSV or the first sheet of an Excel workbook (see read_table, which also says how
    the file was read)."""
    return read_table(path)[0]


def label(v):
    """A level as people write it: 2.0 becomes "2"."""
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v)


# ---- profiling ---------------------------------------------------------------------------------


def _robust_outlier_share(x):
    x = np.asarray(x, dtype=float)
    med = np.median(x)
    mad = np.median(np.abs(x - med))
    if mad == 0:
        q1, q3 = np.percentile(x, [25, 75])
        iqr = q3 - q1
        if iqr == 0:
            return 0.0
        return float(np.mean((x < q1 - 3 * iqr) | (x > q3 + 3 * iqr)))
    z = 0.6745 * (x - med) / mad
    return float(np.mean(np.abs(z) > 3.5))


def normality_hint(x):
    """Roughly normal: |skew| < 1, excess kurtosis < 3 and under 1% outliers (robust z > 3.5)."""
    x = np.asarray(x, dtype=float)
    if len(x) < 8:
        return {"skew": None, "kurtosis": None, "outliers": 0.0, "normal": False}
    skew = float(stats.skew(x, bias=False))
    kurt = float(stats.kurtosis(x, bias=False))
    out = _robust_outlier_share(x)
    return {
        "skew": skew,
        "kurtosis": kurt,
        "outliers": out,
        "normal": bool(abs(skew) < 1 and kurt < 3 and out <= 0.01),
    }


def _identifier(v, integer, nunique, n, name, first):
    """Why a numeric column is an identifier, or None: named like one with near-unique values, or
    near-unique integers that run in order (a row number) or, in the first column, fill a range."""
    named = bool(ID_NAME.search(name))
    if named and nunique > 0.9 * n:
        return "named like an identifier, with a different value in almost every row"
    if not integer or n < 20 or nunique < 0.95 * n:
        return None
    diffs = np.diff(v)
    if np.all(diffs >= 0) or np.all(diffs <= 0):
        return "unique integers in order (a row number)"
    span = float(np.max(v) - np.min(v) + 1)
    if first and nunique / span >= 0.9:
        return "unique integers filling a range, in the first column (a record number)"
    return None


def classify_column(s, name, first=False):
    """The kind of a column and what was seen; set-aside kinds are not tested."""
    n_rows = len(s)
    nonnull = s.dropna()
    n = len(nonnull)
    info = {"name": name, "n": int(n), "missing": int(n_rows - n)}
    info["missing_share"] = (n_rows - n) / n_rows if n_rows else 1.0
    if n == 0:
        return dict(info, kind="empty", reason="no values")
    nunique = int(nonnull.nunique())
    info["unique"] = nunique
    if nunique <= 1:
        return dict(info, kind="constant", reason=f"a single value ({nonnull.iloc[0]!r})")
    if info["missing_share"] > 0.5:
        return dict(info, kind="mostly-missing", reason=f"{info['missing_share']:.0%} missing")
    values = nonnull
    numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
    if not numeric and not pd.api.types.is_bool_dtype(s):
        coerced = pd.to_numeric(nonnull, errors="coerce")
        if coerced.notna().mean() >= 0.98:
            numeric, values = True, coerced.dropna()
    if nunique == 2:
        levels = nonnull.value_counts()
        keys = sorted(levels.index.tolist(), key=lambda v: (str(type(v)), v))
        return dict(
            info,
            kind="binary",
            levels=[str(k) for k in keys],
            counts=[int(levels[k]) for k in keys],
        )
    if pd.api.types.is_datetime64_any_dtype(s):
        return dict(info, kind="datetime", reason="dates or times")
    if numeric:
        v = values.astype(float).to_numpy()
        integer = bool(np.all(np.equal(np.mod(v, 1), 0)))
        why = _identifier(v, integer, nunique, n, name, first)
        if why:
            return dict(info, kind="identifier", reason=why)
        hint = normality_hint(v)
        kind = "discrete" if integer and nunique <= 20 else "continuous"
        out = dict(
            info,
            kind=kind,
            mean=float(np.mean(v)),
            sd=float(np.std(v, ddof=1)),
            min=float(np.min(v)),
            median=float(np.median(v)),
            max=float(np.max(v)),
            **hint,
        )
        return out
    text = nonnull.astype(str)
    parsed = pd.to_datetime(text, errors="coerce")
    if parsed.notna().mean() >= 0.9 and text.str.contains(r"\d").mean() > 0.9:
        return dict(info, kind="datetime", reason="dates or times")
    if nunique > 0.9 * n and n >= 20:
        if text.str.len().mean() > 30 and text.str.contains(" ").mean() > 0.5:
            return dict(info, kind="text", reason="free text")
        return dict(info, kind="identifier", reason="unique text per row")
    if ID_NAME.search(name) and nunique > 0.5 * n:
        return dict(info, kind="identifier", reason="named like an identifier")
    if nunique <= 20 and nunique <= max(3, n // 5):
        levels = text.value_counts()
        keys = sorted(levels.index.tolist())
        return dict(
            info, kind="categorical", levels=keys, counts=[int(levels[k]) for k in keys]
        )
    if text.str.len().mean() > 30:
        return dict(info, kind="text", reason="free text")
    return dict(info, kind="text", reason=f"{nunique} distinct labels (too many to compare)")


def profile_table(df, dataset, dictionary=None, reading=None):
    """Profiles every column: kind, missing values, distribution, cardinality. `reading` (from
    read_table) adds how the file was read: an index column and a panel's entity are set aside."""
    dictionary = dictionary or {}
    reading = reading or {}
    panel = reading.get("panel") or {}
    columns = []
    for j, name in enumerate(df.columns):
        if name == reading.get("index_column"):
            c = dict(name=name, n=int(df[name].notna().sum()), missing=int(df[name].isna().sum()),
                     missing_share=float(df[name].isna().mean()), kind="identifier",
                     reason="an unnamed index column (row labels)")
        elif name == panel.get("entity") and df[name].nunique() > 20:
            c = dict(name=name, n=int(df[name].notna().sum()), missing=int(df[name].isna().sum()),
                     missing_share=float(df[name].isna().mean()), kind="identifier",
                     reason=f"the panel's unit ({df[name].nunique()} values, each observed "
                            f"over {panel.get('time')})")
        else:
            c = classify_column(df[name], name, first=(j == 0))
        if name in dictionary:
            c["description"] = dictionary[name]
        columns.append(c)
    usable = [c["name"] for c in columns if c["kind"] not in SET_ASIDE]
    aside = {c["name"]: c["kind"] + ": " + c.get("reason", "") for c in columns
             if c["kind"] in SET_ASIDE}
    out = {
        "type": "profile",
        "dataset": dataset,
        "rows": int(df.shape[0]),
        "columns": columns,
        "usable": usable,
        "set_aside": aside,
        "unknown_dictionary": sorted(set(dictionary) - set(df.columns)),
    }
    if reading:
        out["reading"] = {k: v for k, v in reading.items() if k != "file"}
    return out


def show_profile(profile):
    rows = []
    for c in profile["columns"]:
        extra = ""
        if c["kind"] in ("continuous", "discrete"):
            extra = (f"mean {fmt(c['mean'])}, sd {fmt(c['sd'])}, skew {fmt(c['skew'])}, "
                     f"{'roughly normal' if c['normal'] else 'not normal'}")
        elif c["kind"] in ("binary", "categorical"):
            extra = ", ".join(f"{k}: {v}" for k, v in zip(c["levels"], c["counts"]))
        else:
            extra = "set aside: " + c.get("reason", "")
        rows.append((c["name"], c["kind"], c["missing"], c.get("unique", 0), extra))
    table = pd.DataFrame(rows, columns=["column", "kind", "missing", "distinct", "notes"])
    print(f"{profile['dataset']}: {profile['rows']} rows, {len(profile['columns'])} columns, "
          f"{len(profile['usable'])} usable")
    print(table.to_string(index=False))
    if profile["set_aside"]:
        print("Set aside (not tested): " + "; ".join(
            f"{k} ({v})" for k, v in profile["set_aside"].items()))
    if profile["unknown_dictionary"]:
        print("The data dictionary names columns the data does not have: "
              + ", ".join(profile["unknown_dictionary"]))
    emit(profile)


def plot_profile(df, profile):
    """Small multiples: a histogram per numeric column, a bar chart per categorical one."""
    cols = [c for c in profile["columns"] if c["kind"] not in SET_ASIDE][:30]
    if not cols:
        return
    k = len(cols)
    ncol = min(4, k)
    nrow = int(math.ceil(k / ncol))
    fig, axes = plt.subplots(nrow, ncol, figsize=(3.2 * ncol, 2.4 * nrow), dpi=90, squeeze=False)
    for ax, c in zip(axes.flat, cols):
        s = df[c["name"]].dropna()
        if c["kind"] in ("continuous", "discrete"):
            ax.hist(pd.to_numeric(s, errors="coerce").dropna(), bins=30, color="#4c72b0")
        else:
            counts = s.astype(str).value_counts().sort_index()
            ax.bar(range(len(counts)), counts.values, color="#55a868")
            ax.set_xticks(range(len(counts)))
            ax.set_xticklabels(counts.index, rotation=45, ha="right", fontsize=7)
        ax.set_title(f"{c['name']} ({c['kind']})", fontsize=9)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[k:]:
        ax.axis("off")
    fig.suptitle(f"{profile['dataset']}: distributions", fontsize=11)
    show_figure(fig)


# A scatter of more than FIGURE_POINTS points draws a fixed random FIGURE_POINTS of them (and says
# so on the axis), and its LOWESS curve interpolates between fits 1% of the x range apart
# (statsmodels' `delta`): drawing and smoothing 50,000 points takes seconds per figure otherwise.
FIGURE_POINTS = 5_000


def shown_points(n):
    """Indices of the points a scatter of n points draws: all of them, or FIGURE_POINTS."""
    if n <= FIGURE_POINTS:
        return np.arange(n)
    return np.sort(np.random.default_rng(0).choice(n, FIGURE_POINTS, replace=False))


def shown_label(name, n):
    """An axis label that says when only some of the n points are drawn."""
    return name if n <= FIGURE_POINTS else f"{name} ({FIGURE_POINTS:,} of {n:,} points shown)"


def lowess_curve(x, y):
    """LOWESS of y on x (frac 0.6), sorted by x; interpolated between fits for many points."""
    from statsmodels.nonparametric.smoothers_lowess import lowess
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    delta = 0.01 * float(x.max() - x.min()) if len(x) > FIGURE_POINTS else 0.0
    return lowess(y, x, frac=0.6, delta=delta, return_sorted=True)


def show_figure(fig):
    """Displays a figure as a PNG (so the notebook and the report keep it) and closes it."""
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    display(Image(data=buf.getvalue(), format="png"))


def column_info(profile, name):
    for c in profile["columns"]:
        if c["name"] == name:
            return c
    raise KeyError(f"column {name!r} is not in {profile['dataset']}")


def is_numeric_kind(kind):
    return kind in ("continuous", "discrete")


def is_group_kind(kind):
    return kind in ("binary", "categorical")


# ---- effect sizes and intervals ----------------------------------------------------------------


def fisher_ci(r, n, se=None):
    """95% CI of a correlation through Fisher's z (se defaults to 1/sqrt(n-3))."""
    if n <= 3 or r is None:
        return None, None
    r = max(min(r, 0.999999999), -0.999999999)
    z = math.atanh(r)
    se = se if se is not None else 1 / math.sqrt(n - 3)
    return math.tanh(z - Z975 * se), math.tanh(z + Z975 * se)


def spearman_ci(rho, n):
    """Bonett & Wright (2000): Fisher z with se sqrt((1 + rho^2/2) / (n - 3))."""
    if n <= 3:
        return None, None
    return fisher_ci(rho, n, math.sqrt((1 + rho * rho / 2) / (n - 3)))


def hedges_g(a, b):
    """Hedges' g of b minus a and its 95% CI (large-sample standard error)."""
    n1, n2 = len(a), len(b)
    s = math.sqrt(((n1 - 1) * np.var(a, ddof=1) + (n2 - 1) * np.var(b, ddof=1)) / (n1 + n2 - 2))
    if s == 0:
        return None, None, None
    d = (np.mean(b) - np.mean(a)) / s
    j = 1 - 3 / (4 * (n1 + n2) - 9)
    g = d * j
    se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2 * (n1 + n2)))
    return float(g), float(g - Z975 * se), float(g + Z975 * se)


def odds_ratio(table):
    """Odds ratio of a 2x2 table with Woolf's 95% CI (0.5 added to every cell if one is 0)."""
    t = np.asarray(table, dtype=float)
    if (t == 0).any():
        t = t + 0.5
    orr = (t[0, 0] * t[1, 1]) / (t[0, 1] * t[1, 0])
    se = math.sqrt((1 / t).sum())
    return float(orr), float(math.exp(math.log(orr) - Z975 * se)), float(
        math.exp(math.log(orr) + Z975 * se))


def cramers_v(table):
    t = np.asarray(table, dtype=float)
    n = t.sum()
    if n == 0 or min(t.shape) < 2:
        return 0.0
    chi2 = stats.chi2_contingency(t, correction=False)[0]
    return float(math.sqrt(chi2 / (n * (min(t.shape) - 1))))


def percentile_ci(values):
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) < 20:
        return None, None
    lo, hi = np.percentile(v, [2.5, 97.5])
    return float(lo), float(hi)


def perm_p(null, observed):
    """Permutation p: (1 + #null at least as extreme) / (B + 1), two-sided on |statistic|."""
    null = np.asarray(null, dtype=float)
    return float((1 + np.sum(np.abs(null) >= abs(observed) - 1e-12)) / (len(null) + 1))


def r_equivalent(effect, measure):
    """The effect size as a correlation, to compare magnitudes across tests."""
    if effect is None:
        return None
    e = abs(effect)
    if measure in ("r", "rho", "partial r", "rank-biserial r", "Cramér's V", "phi"):
        return e
    if measure in ("Hedges' g", "Cohen's d"):
        return e / math.sqrt(e * e + 4)
    if measure in ("eta squared", "epsilon squared", "partial eta squared"):
        return math.sqrt(max(e, 0))
    if measure.startswith(("odds ratio", "rate ratio")):
        if effect <= 0:
            return None
        d = abs(math.log(effect)) * math.sqrt(3) / math.pi
        return d / math.sqrt(d * d + 4)
    return None
