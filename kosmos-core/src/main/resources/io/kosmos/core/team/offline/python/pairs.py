# ---- resampling ---------------------------------------------------------------------------------


def _batches(total, n, cells=2_000_000):
    """Splits `total` resamples into batches of at most `cells` numbers each."""
    size = max(1, min(total, cells // max(n, 1)))
    done = 0
    while done < total:
        k = min(size, total - done)
        yield k
        done += k


# Above LARGE_N complete rows, resampling takes a faster path: at most LARGE_RESAMPLES
# permutations and bootstrap resamples (every printed line says how many were drawn), and rows are
# shuffled in place instead of by sorting random keys. With tens of thousands of rows the
# asymptotic tests are accurate and the resampled figures move little; a thousand shuffles of
# 50,000 rows cost seconds per test. Tables up to LARGE_N rows are resampled as they always were
# (the same numbers for the same seed).
LARGE_N = 10_000
LARGE_RESAMPLES = 200


def resamples(requested, n):
    """How many resamples to draw for `requested` on `n` rows (see LARGE_N)."""
    if n <= LARGE_N or requested <= 0:
        return requested
    return min(requested, LARGE_RESAMPLES)


def _shuffled(rng, values, k):
    """k random permutations of `values`, one per row."""
    if len(values) > LARGE_N:
        return rng.permuted(np.tile(values, (k, 1)), axis=1)
    return np.take(values, np.argsort(rng.random((k, len(values))), axis=1))


def _rowwise_corr(a, b):
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    den = np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return (a * b).sum(axis=1) / den


def _rank_rows(m):
    return stats.rankdata(m, axis=1)


# ---- the tests ------------------------------------------------------------------------------------


def _levels(series):
    values = series.dropna().unique().tolist()
    try:
        return sorted(values, key=float)
    except (TypeError, ValueError):
        return sorted(values, key=str)


def _correlation(sub, x, y, cx, cy, rng, permutations, bootstrap, alpha, method=None):
    xv = pd.to_numeric(sub[x]).to_numpy(float)
    yv = pd.to_numeric(sub[y]).to_numpy(float)
    n = len(xv)
    pearson_ok = (cx["kind"] == "continuous" and cy["kind"] == "continuous"
                  and normality_hint(xv)["normal"] and normality_hint(yv)["normal"])
    if method is not None:
        pearson_ok = method == "parametric"
    if pearson_ok:
        r, p = stats.pearsonr(xv, yv)
        lo, hi = fisher_ci(r, n)
        test, measure = "Pearson correlation", "r"
        why = "both roughly normal (|skew| < 1, excess kurtosis < 3) with under 1% outliers"
        a, b = xv, yv
    else:
        r, p = stats.spearmanr(xv, yv)
        lo, hi = spearman_ci(r, n)
        test, measure = "Spearman correlation", "rho"
        reasons = []
        for c, v in ((cx, xv), (cy, yv)):
            if c["kind"] == "discrete":
                reasons.append(f"{c['name']} is discrete")
            else:
                h = normality_hint(v)
                if not h["normal"]:
                    reasons.append(
                        f"{c['name']} is not roughly normal (skew {fmt(h['skew'])}, "
                        f"kurtosis {fmt(h['kurtosis'])}, outliers {h['outliers']:.1%})")
        why = "; ".join(reasons) + ", so a rank correlation"
        if method is not None:
            why = "the same test as the screening"
        a, b = stats.rankdata(xv), stats.rankdata(yv)
    r, p = float(r), float(p)
    resample = p < alpha
    t = r * math.sqrt((n - 2) / max(1e-300, 1 - r * r)) if n > 2 else None
    res = dict(test=test, family="correlation", statistic=t, statistic_name="t", p=p, effect=r,
               measure=measure, ci=[lo, hi], n=n, df=n - 2, why=why, assumptions_met=True,
               direction="positive" if r > 0 else "negative",
               describe=f"{x} is {'positively' if r > 0 else 'negatively'} correlated with {y}")
    extra = {"df": n - 2}
    if resample and permutations > 0:
        za = (a - a.mean()) / a.std()
        zb = (b - b.mean()) / b.std()
        null = np.concatenate([_shuffled(rng, zb, k) @ za / n
                               for k in _batches(permutations, n)])
        observed = r if pearson_ok else float(np.dot(za, zb) / n)
        extra["perm_p"] = perm_p(null, observed)
        extra["permutations"] = permutations
        res["_null"], res["_observed"] = null, observed
    if resample and bootstrap > 0:
        boots = []
        for k in _batches(bootstrap, n):
            idx = rng.integers(0, n, (k, n))
            xa, yb = xv[idx], yv[idx]
            if not pearson_ok:
                xa, yb = _rank_rows(xa), _rank_rows(yb)
            boots.append(_rowwise_corr(xa, yb))
        res["_boots"] = np.concatenate(boots)
        extra["boot_lo"], extra["boot_hi"] = percentile_ci(res["_boots"])
        extra["bootstrap"] = bootstrap
    res["extra"] = extra
    return res


def _two_groups(sub, g, v, cg, rng, permutations, bootstrap, alpha, method=None):
    l1, l2 = _levels(sub[g])
    vals = pd.to_numeric(sub[v]).to_numpy(float)
    mask_b = (sub[g] == l2).to_numpy()
    a, b = vals[~mask_b], vals[mask_b]
    n1, n2 = len(a), len(b)
    ha, hb = normality_hint(a), normality_hint(b)
    parametric = ha["normal"] and hb["normal"] and n1 >= 8 and n2 >= 8
    if method is not None:
        parametric = method == "parametric"
    name = f"{g} = {l2} vs {g} = {l1}"
    if parametric:
        t, p = stats.ttest_ind(b, a, equal_var=False)
        eff, lo, hi = hedges_g(a, b)
        se2 = np.var(a, ddof=1) / n1 + np.var(b, ddof=1) / n2
        df = se2 ** 2 / ((np.var(a, ddof=1) / n1) ** 2 / (n1 - 1)
                         + (np.var(b, ddof=1) / n2) ** 2 / (n2 - 1))
        res = dict(test="Welch's t-test", statistic=float(t), statistic_name="t", p=float(p),
                   effect=eff, measure="Hedges' g", ci=[lo, hi], df=float(df),
                   why=f"{v} roughly normal in both groups; Welch's t does not assume equal "
                       "variances")
    else:
        u, p = stats.mannwhitneyu(b, a, alternative="two-sided")
        eff = float(2 * u / (n1 * n2) - 1)
        res = dict(test="Mann-Whitney U test", statistic=float(u), statistic_name="U",
                   p=float(p), effect=eff, measure="rank-biserial r", ci=[None, None],
                   why=f"{v} is not roughly normal in both groups (or a group has under 8 "
                       "rows), so a rank test")
    resample = res["p"] < alpha
    eff = res["effect"]
    direction = "positive" if eff is not None and eff > 0 else "negative"
    higher = "higher" if direction == "positive" else "lower"
    res.update(family="two-group", n=n1 + n2, assumptions_met=True, direction=direction,
               describe=f"{v} is {higher} when {g} = {l2} than when {g} = {l1}",
               groups={str(l1): {"n": n1, "mean": float(np.mean(a)), "median": float(np.median(a))},
                       str(l2): {"n": n2, "mean": float(np.mean(b)), "median": float(np.median(b))}},
               comparison=name)
    extra = {"n_" + str(l1): n1, "n_" + str(l2): n2, "mean_" + str(l1): float(np.mean(a)),
             "mean_" + str(l2): float(np.mean(b))}
    if "df" in res:
        extra["df"] = res["df"]
    ranks = stats.rankdata(vals)
    if (resample or not parametric) and bootstrap > 0:
        boots = []
        for k in _batches(bootstrap, n1 + n2):
            ia = a[rng.integers(0, n1, (k, n1))]
            ib = b[rng.integers(0, n2, (k, n2))]
            if parametric:
                s = np.sqrt(((n1 - 1) * ia.var(axis=1, ddof=1) + (n2 - 1) * ib.var(axis=1, ddof=1))
                            / (n1 + n2 - 2))
                with np.errstate(invalid="ignore", divide="ignore"):
                    boots.append((ib.mean(axis=1) - ia.mean(axis=1)) / s
                                 * (1 - 3 / (4 * (n1 + n2) - 9)))
            else:
                rk = _rank_rows(np.concatenate([ia, ib], axis=1))
                rb = rk[:, n1:].sum(axis=1) - n2 * (n2 + 1) / 2
                boots.append(2 * rb / (n1 * n2) - 1)
        res["_boots"] = np.concatenate(boots)
        blo, bhi = percentile_ci(res["_boots"])
        if parametric:
            extra["boot_lo"], extra["boot_hi"] = blo, bhi
        else:
            res["ci"] = [blo, bhi]
            extra["boot_lo"], extra["boot_hi"] = blo, bhi
        extra["bootstrap"] = bootstrap
    if resample and permutations > 0:
        null = []
        base = vals if parametric else ranks
        for k in _batches(permutations, n1 + n2):
            pv = _shuffled(rng, base, k)
            pa, pb = pv[:, ~mask_b], pv[:, mask_b]
            if parametric:
                se = np.sqrt(pa.var(axis=1, ddof=1) / n1 + pb.var(axis=1, ddof=1) / n2)
                null.append((pb.mean(axis=1) - pa.mean(axis=1)) / se)
            else:
                null.append(pb.mean(axis=1) - pa.mean(axis=1))
        observed = res["statistic"] if parametric else ranks[mask_b].mean() - ranks[~mask_b].mean()
        res["_null"], res["_observed"] = np.concatenate(null), observed
        extra["perm_p"] = perm_p(res["_null"], observed)
        extra["permutations"] = permutations
    res["extra"] = extra
    return res


def _holm(ps):
    """Holm's step-down adjustment of a family of p values (same order)."""
    ps = np.asarray(ps, dtype=float)
    order = np.argsort(ps)
    adj = np.empty_like(ps)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(ps) - rank) * ps[i]))
        adj[i] = running
    return adj.tolist()


def _group_contrasts(groups, keep, parametric):
    """Every pair of levels compared (Welch's t or Mann-Whitney, as the omnibus test), Holm-adjusted
    within the finding: which levels differ."""
    rows = []
    for i in range(len(keep)):
        for j in range(i + 1, len(keep)):
            a, b = groups[i], groups[j]
            if parametric:
                p = float(stats.ttest_ind(b, a, equal_var=False).pvalue)
            else:
                p = float(stats.mannwhitneyu(b, a, alternative="two-sided").pvalue)
            rows.append({"a": str(label(keep[i])), "b": str(label(keep[j])),
                         "difference": float(np.mean(b) - np.mean(a)), "p": p})
    for r, adj in zip(rows, _holm([r["p"] for r in rows])):
        r["p_holm"] = adj
    return rows


def _differ_words(contrasts, g, alpha):
    pairs = [c for c in contrasts if c["p_holm"] < alpha]
    if not pairs:
        return "no pair of levels differs after Holm's adjustment"
    return "levels that differ (Holm p < " + f"{alpha:g}" + "): " + ", ".join(
        f"{g} = {c['b']} vs {c['a']}" for c in pairs[:6]) + (" ..." if len(pairs) > 6 else "")


def _eta_squared(values, codes, k):
    grand = values.mean()
    ss_total = ((values - grand) ** 2).sum()
    ss_between = sum(((values[codes == j].mean() - grand) ** 2) * (codes == j).sum()
                     for j in range(k))
    return float(ss_between / ss_total) if ss_total > 0 else 0.0


def _k_groups(sub, g, v, cg, rng, permutations, bootstrap, alpha, method=None):
    counts = sub[g].value_counts()
    keep = [lv for lv in _levels(sub[g]) if counts[lv] >= 5]
    dropped = [str(lv) for lv in _levels(sub[g]) if counts[lv] < 5]
    sub = sub[sub[g].isin(keep)]
    if len(keep) < 2:
        raise ValueError(f"{g} has fewer than two levels with 5 or more rows")
    if len(keep) == 2:
        res = _two_groups(sub, g, v, cg, rng, permutations, bootstrap, alpha, method)
        if dropped:
            res["why"] += f"; levels with under 5 rows left out: {', '.join(dropped)}"
        return res
    vals = pd.to_numeric(sub[v]).to_numpy(float)
    codes = pd.Categorical(sub[g], categories=keep).codes
    k, n = len(keep), len(vals)
    groups = [vals[codes == j] for j in range(k)]
    normal = all(len(x) >= 8 and normality_hint(x)["normal"] for x in groups)
    if method is not None:
        normal = method == "parametric"
    if normal:
        lev_p = float(stats.levene(*groups, center="median").pvalue)
        if lev_p < 0.05:
            from statsmodels.stats.oneway import anova_oneway
            r = anova_oneway(groups, use_var="unequal")
            stat, p = float(r.statistic), float(r.pvalue)
            test = "Welch's ANOVA"
            why = (f"{v} roughly normal in every group; variances differ (Levene p = "
                   f"{fmt_p(lev_p)}), so Welch's ANOVA")
            df1, df2 = float(r.df_num), float(r.df_denom)
        else:
            stat, p = (float(s) for s in stats.f_oneway(*groups))
            test = "one-way ANOVA"
            why = (f"{v} roughly normal in every group with similar variances (Levene p = "
                   f"{fmt_p(lev_p)})")
            df1, df2 = k - 1, n - k
        eff = _eta_squared(vals, codes, k)
        measure = "eta squared"
        stat_name = "F"
    else:
        stat, p = (float(s) for s in stats.kruskal(*groups))
        eff = float(stat * (n + 1) / (n * n - 1))
        measure, test, stat_name = "epsilon squared", "Kruskal-Wallis test", "H"
        why = f"{v} is not roughly normal in every group, so a rank test"
        df1, df2 = k - 1, None
    resample = p < alpha
    if dropped:
        why += f"; levels with under 5 rows left out: {', '.join(dropped)}"
    means = {str(lv): float(groups[j].mean()) for j, lv in enumerate(keep)}
    top = max(means, key=means.get)
    bottom = min(means, key=means.get)
    contrasts = _group_contrasts(groups, keep, normal) if resample else []
    res = dict(test=test, family="k-group", statistic=stat, statistic_name=stat_name, p=p,
               effect=eff, measure=measure, ci=[None, None], n=n, why=why, assumptions_met=True,
               direction="unspecified", contrasts=contrasts,
               describe=(f"{v} differs across levels of {g} (highest mean at {g} = {top}, "
                         f"lowest at {g} = {bottom}"
                         + (f"; {_differ_words(contrasts, g, alpha)}" if contrasts else "")
                         + ")"),
               groups={str(lv): {"n": int(len(groups[j])), "mean": float(groups[j].mean()),
                                 "median": float(np.median(groups[j]))}
                       for j, lv in enumerate(keep)})
    extra = {"df1": df1, "levels": k}
    if df2 is not None:
        extra["df2"] = df2
    boots = []
    for b in range(bootstrap if bootstrap > 0 else 0):
        idx = np.concatenate([np.flatnonzero(codes == j)[rng.integers(0, len(groups[j]),
                                                                      len(groups[j]))]
                              for j in range(k)])
        bv, bc = vals[idx], codes[idx]
        if normal:
            boots.append(_eta_squared(bv, bc, k))
        else:
            h = stats.kruskal(*[bv[bc == j] for j in range(k)]).statistic
            boots.append(h * (n + 1) / (n * n - 1))
    if boots:
        res["_boots"] = np.asarray(boots)
        res["ci"] = list(percentile_ci(boots))
        extra["boot_lo"], extra["boot_hi"] = res["ci"]
        extra["bootstrap"] = bootstrap
    if resample and permutations > 0:
        base = vals if normal else stats.rankdata(vals)
        onehot = np.stack([(codes == j) for j in range(k)]).astype(float)  # k x n
        sizes = onehot.sum(axis=1)
        null = []
        for kk in _batches(permutations, n):
            pv = _shuffled(rng, base, kk)
            gm = pv @ onehot.T / sizes  # kk x k
            grand = pv.mean(axis=1, keepdims=True)
            ssb = ((gm - grand) ** 2 * sizes).sum(axis=1)
            sst = ((pv - grand) ** 2).sum(axis=1)
            null.append(ssb / sst)
        observed = _eta_squared(base, codes, k)
        res["_null"], res["_observed"] = np.concatenate(null), observed
        extra["perm_p"] = perm_p(res["_null"], observed)
        extra["permutations"] = permutations
    res["extra"] = extra
    return res


def _lump(series, minimum=5):
    counts = series.value_counts()
    rare = counts[counts < minimum].index
    if len(rare) and len(counts) - len(rare) >= 2 and len(counts) > 2:
        return series.astype(object).where(~series.isin(rare), "(other)"), [str(r) for r in rare]
    return series, []


def _contingency(sub, x, y, cx, cy, rng, permutations, bootstrap, alpha):
    sx, rare_x = _lump(sub[x].map(label))
    sy, rare_y = _lump(sub[y].map(label))
    lx, ly = _levels(sx), _levels(sy)
    ix = pd.Categorical(sx, categories=lx).codes
    iy = pd.Categorical(sy, categories=ly).codes
    r, c, n = len(lx), len(ly), len(ix)
    table = np.bincount(ix * c + iy, minlength=r * c).reshape(r, c)
    chi2, p_chi, dof, expected = stats.chi2_contingency(table, correction=False)
    small = float(np.mean(expected < 5))
    extra = {"df": float(dof), "min_expected": float(expected.min())}
    v = cramers_v(table)
    if r == 2 and c == 2:
        orr, lo, hi = odds_ratio(table)
        if expected.min() < 5:
            _, p = stats.fisher_exact(table)
            test, stat, stat_name = "Fisher's exact test", orr, "odds ratio"
            why = f"2x2 table with an expected count under 5 ({fmt(expected.min())})"
        else:
            test, stat, stat_name, p = "Chi-square test", float(chi2), "chi2", float(p_chi)
            why = "2x2 table with every expected count at least 5 (no continuity correction)"
        direction = "positive" if orr > 1 else "negative"
        more = "more" if orr > 1 else "less"
        res = dict(test=test, statistic=float(stat), statistic_name=stat_name, p=float(p),
                   effect=orr, measure="odds ratio", ci=[lo, hi], direction=direction,
                   describe=f"{y} = {ly[1]} is {more} common when {x} = {lx[1]} than when "
                            f"{x} = {lx[0]}")
        extra["phi"] = v
    else:
        mc = small > 0.2 or expected.min() < 1
        if mc:
            test = "Chi-square test (Monte Carlo p)"
            why = (f"{small:.0%} of expected counts under 5, so the p value comes from "
                   f"{permutations if permutations > 0 else resamples(1000, n)} permutations")
        else:
            test = "Chi-square test"
            why = "every expected count at least 5 (or under 20% below 5 and none below 1)"
        res = dict(test=test, statistic=float(chi2), statistic_name="chi2", p=float(p_chi),
                   effect=v, measure="Cramér's V", ci=[None, None], direction="unspecified",
                   describe=f"{x} and {y} are associated")
        if (r == 2 or c == 2) and float(p_chi) < alpha:
            res["contrasts"] = _share_contrasts(table, lx, ly, x, y)
            res["describe"] += " (" + _share_words(res["contrasts"], alpha) + ")"
    resample = res["p"] < alpha
    if rare_x or rare_y:
        why += "; rare levels (under 5 rows) pooled as '(other)': " + ", ".join(rare_x + rare_y)
    res.update(family="contingency", n=int(n), why=why, assumptions_met=True,
               table={"rows": [str(v_) for v_ in lx], "columns": [str(v_) for v_ in ly],
                      "counts": table.tolist()})
    boots = []
    if (res["measure"] == "Cramér's V" or resample) and bootstrap > 0:
        for b in range(bootstrap):
            idx = rng.integers(0, n, n)
            t = np.bincount(ix[idx] * c + iy[idx], minlength=r * c).reshape(r, c)
            t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
            if res["measure"] == "Cramér's V":
                boots.append(cramers_v(t) if min(t.shape) > 1 else 0.0)
            elif t.shape == (2, 2):
                boots.append(odds_ratio(t)[0])
        res["_boots"] = np.asarray(boots)
        blo, bhi = percentile_ci(boots)
        if res["measure"] == "Cramér's V":
            res["ci"] = [blo, bhi]
        extra["boot_lo"], extra["boot_hi"] = blo, bhi
        extra["bootstrap"] = bootstrap
    if (resample and permutations > 0) or res["test"].endswith("(Monte Carlo p)"):
        permutations = permutations if permutations > 0 else resamples(1000, n)
        null = []
        for kk in _batches(permutations, n):
            py = _shuffled(rng, iy, kk)
            for row in py:
                t = np.bincount(ix * c + row, minlength=r * c).reshape(r, c)
                e = np.outer(t.sum(axis=1), t.sum(axis=0)) / n
                with np.errstate(invalid="ignore", divide="ignore"):
                    null.append(np.nansum((t - e) ** 2 / e))
        pp = perm_p(null, float(chi2))
        res["_null"], res["_observed"] = np.asarray(null), float(chi2)
        extra["perm_p"], extra["permutations"] = pp, permutations
        if res["test"].endswith("(Monte Carlo p)"):
            res["p"] = pp
    res["extra"] = extra
    return res


def _share_contrasts(table, lx, ly, x, y):
    """For a table with a binary side: the share of the binary side's second level within each
    level of the other, and every pair of levels compared (Fisher's exact), Holm-adjusted."""
    t = np.asarray(table)
    if t.shape[1] == 2:
        levels, counts, g, outcome = lx, t, x, f"{y} = {ly[1]}"
    else:
        levels, counts, g, outcome = ly, t.T, y, f"{x} = {lx[1]}"
    shares = counts[:, 1] / counts.sum(axis=1)
    rows = []
    for i in range(len(levels)):
        for j in range(i + 1, len(levels)):
            p = float(stats.fisher_exact(counts[[i, j]])[1])
            rows.append({"a": str(levels[i]), "b": str(levels[j]), "share_a": float(shares[i]),
                         "share_b": float(shares[j]), "p": p, "g": g, "outcome": outcome})
    for r, adj in zip(rows, _holm([r["p"] for r in rows])):
        r["p_holm"] = adj
    return rows


def _share_words(contrasts, alpha):
    if not contrasts:
        return ""
    g, outcome = contrasts[0]["g"], contrasts[0]["outcome"]
    shares = {}
    for c in contrasts:
        shares[c["a"]], shares[c["b"]] = c["share_a"], c["share_b"]
    top = max(shares, key=shares.get)
    low = min(shares, key=shares.get)
    pairs = [c for c in contrasts if c["p_holm"] < alpha]
    words = (f"{outcome} is most common at {g} = {top} ({shares[top]:.0%}) and least at "
             f"{g} = {low} ({shares[low]:.0%})")
    if pairs:
        words += "; levels that differ (Holm p < " + f"{alpha:g}" + "): " + ", ".join(
            f"{c['b']} vs {c['a']}" for c in pairs[:6])
    else:
        words += "; no pair of levels differs after Holm's adjustment"
    return words


def test_pair(df, profile, x, y, seed, permutations=1000, bootstrap=1000, alpha=ALPHA):
    """Tests the association of two columns with the right test for their kinds.

    The test, its assumptions and the reason for the choice are printed; for a result with
    p < alpha a permutation null (on the real data) and a bootstrap CI are added.
    """
    cx, cy = column_info(profile, x), column_info(profile, y)
    for c in (cx, cy):
        if c["kind"] in SET_ASIDE:
            raise ValueError(f"{c['name']} is set aside ({c['kind']}: {c.get('reason', '')})")
    sub = df[[x, y]].dropna()
    rng = np.random.default_rng(seed)
    kx, ky = cx["kind"], cy["kind"]
    base = dict(type="pair", dataset=profile["dataset"], x=x, y=y, x_kind=kx, y_kind=ky,
                dropped_missing=int(len(df) - len(sub)), seed=seed)
    if len(sub) < 10:
        res = dict(base, error=f"only {len(sub)} complete rows for {x} and {y}")
        print(res["error"])
        emit(res)
        return res
    res = dict(base, **_dispatch(sub, x, y, cx, cy, rng, permutations, bootstrap, alpha))
    res["significant"] = bool(res["p"] < alpha)
    res["r_equivalent"] = r_equivalent(res["effect"], res["measure"])
    print_pair(res)
    emit(res)
    return res


def _dispatch(sub, x, y, cx, cy, rng, permutations, bootstrap, alpha, method=None):
    """Runs the test for the kinds; `method` ("parametric" or "rank") repeats an earlier choice."""
    kx, ky = cx["kind"], cy["kind"]
    permutations, bootstrap = resamples(permutations, len(sub)), resamples(bootstrap, len(sub))
    if is_numeric_kind(kx) and is_numeric_kind(ky):
        return _correlation(sub, x, y, cx, cy, rng, permutations, bootstrap, alpha, method)
    if is_group_kind(kx) and is_numeric_kind(ky):
        g, v, cg = x, y, cx
    elif is_numeric_kind(kx) and is_group_kind(ky):
        g, v, cg = y, x, cy
    else:
        return _contingency(sub, x, y, cx, cy, rng, permutations, bootstrap, alpha)
    sub = sub.assign(**{g: sub[g].map(label)})
    if sub[g].nunique() == 2:
        return _two_groups(sub, g, v, cg, rng, permutations, bootstrap, alpha, method)
    return _k_groups(sub, g, v, cg, rng, permutations, bootstrap, alpha, method)


def print_pair(res):
    e = res.get("extra", {})
    print(f"{res['x']} ~ {res['y']} (n = {res['n']}): {res['test']}")
    print(f"  why: {res['why']}")
    ci = res["ci"]
    ci_text = f", 95% CI {fmt(ci[0])} to {fmt(ci[1])}" if ci and ci[0] is not None else ""
    print(f"  {res['measure']} = {fmt(res['effect'])}{ci_text}; "
          f"{res['statistic_name']} = {fmt(res['statistic'])}; p = {fmt_p(res['p'])}")
    if "perm_p" in e:
        print(f"  permutation p ({e['permutations']} shuffles of the real data) = "
              f"{fmt_p(e['perm_p'])}")
    if "boot_lo" in e and e["boot_lo"] is not None:
        print(f"  bootstrap 95% CI ({e['bootstrap']} resamples) {fmt(e['boot_lo'])} to "
              f"{fmt(e['boot_hi'])}")
    for c in res.get("contrasts", []):
        if "share_a" in c:
            print(f"  {c['g']} = {c['b']} ({c['share_b']:.0%}) vs {c['a']} ({c['share_a']:.0%}): "
                  f"Fisher p = {fmt_p(c['p'])}, Holm p = {fmt_p(c['p_holm'])}")
        else:
            print(f"  {c['b']} vs {c['a']}: difference in means {fmt(c['difference'])}, "
                  f"p = {fmt_p(c['p'])}, Holm p = {fmt_p(c['p_holm'])}")
    verdict = res["describe"] if res["significant"] else (
        f"no evidence of an association at alpha = {ALPHA} (before correction for multiple "
        "testing)")
    print(f"  => {verdict}")


# ---- figures --------------------------------------------------------------------------------------


def _title(res):
    ci = res["ci"]
    ci_text = f" [{fmt(ci[0])}, {fmt(ci[1])}]" if ci and ci[0] is not None else ""
    return (f"{res['test']}: {res['measure']} = {fmt(res['effect'])}{ci_text}, "
            f"p = {fmt_p(res['p'])}, n = {res['n']}")


def plot_pair(df, profile, res):
    """Scatter with fit (two numbers), box and points (groups), stacked bars (two categories)."""
    x, y = res["x"], res["y"]
    sub = df[[x, y]].dropna()
    fig, ax = plt.subplots(figsize=(6.4, 4.4), dpi=100)
    if res["family"] == "correlation":
        xv = pd.to_numeric(sub[x]).to_numpy(float)
        yv = pd.to_numeric(sub[y]).to_numpy(float)
        jitter = np.random.default_rng(0).uniform(-0.15, 0.15, len(xv)) \
            if column_info(profile, x)["kind"] == "discrete" else np.zeros(len(xv))
        idx = shown_points(len(xv))
        ax.scatter((xv + jitter)[idx], yv[idx], s=12, alpha=0.5, color="#4c72b0",
                   edgecolor="none")
        slope, intercept = np.polyfit(xv, yv, 1)
        grid = np.linspace(xv.min(), xv.max(), 100)
        ax.plot(grid, intercept + slope * grid, color="#c44e52", lw=2, label="linear fit")
        try:
            lw = lowess_curve(xv, yv)
            ax.plot(lw[:, 0], lw[:, 1], color="#55a868", lw=1.5, ls="--", label="LOWESS")
        except Exception:  # noqa: BLE001 - a smoother is a nicety
            pass
        ax.set_xlabel(shown_label(x, len(xv)))
        ax.set_ylabel(y)
        ax.legend(loc="best", fontsize=8)
    elif res["family"] in ("two-group", "k-group"):
        g, v = (x, y) if is_group_kind(res["x_kind"]) else (y, x)
        levels = list(res["groups"].keys())
        labels = sub[g].map(label)
        data = [pd.to_numeric(sub[v][labels == lv]).to_numpy(float) for lv in levels]
        ax.boxplot(data, labels=levels, showfliers=False, widths=0.5)
        rng = np.random.default_rng(0)
        total = sum(len(d) for d in data)
        for i, d in enumerate(data):
            offsets = rng.uniform(-0.12, 0.12, len(d))
            if total > FIGURE_POINTS:  # each group's points in proportion
                keep = np.random.default_rng(i).choice(
                    len(d), max(1, len(d) * FIGURE_POINTS // total), replace=False)
                d, offsets = d[keep], offsets[keep]
            ax.scatter(i + 1 + offsets, d, s=8, alpha=0.35, color="#4c72b0", edgecolor="none")
        ax.set_xlabel(shown_label(g, total))
        ax.set_ylabel(v)
    else:
        t = res["table"]
        counts = np.asarray(t["counts"], dtype=float)
        share = counts / counts.sum(axis=1, keepdims=True)
        bottom = np.zeros(len(t["rows"]))
        colors = plt.cm.tab10.colors
        for j, col in enumerate(t["columns"]):
            ax.bar(t["rows"], share[:, j], bottom=bottom, label=f"{y} = {col}",
                   color=colors[j % 10])
            bottom += share[:, j]
        ax.set_xlabel(x)
        ax.set_ylabel(f"share of {y}")
        ax.legend(fontsize=8, loc="best")
    ax.set_title(_title(res), fontsize=9)
    show_figure(fig)
