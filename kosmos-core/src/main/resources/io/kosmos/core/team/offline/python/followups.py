# ---- follow-ups: adjustment, robustness, non-linearity, subgroups, joint models ------------------
import statsmodels.api as sm  # noqa: E402
import statsmodels.formula.api as smf  # noqa: E402
from statsmodels.stats.anova import anova_lm  # noqa: E402
from statsmodels.stats.diagnostic import het_breuschpagan  # noqa: E402

RANK_TESTS = ("Spearman correlation", "Mann-Whitney U test", "Kruskal-Wallis test")


def method_of(res):
    """'rank' or 'parametric': the kind of test a result used, to repeat it on other rows."""
    return "rank" if res["test"] in RANK_TESTS else "parametric"


def quiet_test(df, profile, x, y, rng, permutations=0, bootstrap=0, alpha=ALPHA, method=None):
    """The test `test_pair` would run, without printing; alpha=1 forces the resampling checks."""
    cx, cy = column_info(profile, x), column_info(profile, y)
    sub = df[[x, y]].dropna()
    res = dict(_dispatch(sub, x, y, cx, cy, rng, permutations, bootstrap, alpha, method), x=x,
               y=y, x_kind=cx["kind"], y_kind=cy["kind"])
    res["r_equivalent"] = r_equivalent(res["effect"], res["measure"])
    return res


def _roles(profile, x, y):
    """Which variable the regression models explain: a number if there is one, else a binary."""
    kx, ky = column_info(profile, x)["kind"], column_info(profile, y)["kind"]
    if is_numeric_kind(ky):
        return y, x, "ols"
    if is_numeric_kind(kx):
        return x, y, "ols"
    if ky == "binary":
        return y, x, "logit"
    if kx == "binary":
        return x, y, "logit"
    return None


def _design(df, profile, response, predictors, family, rank):
    """A frame with safe names: r (response) and p0, p1, ... (predictors), complete cases."""
    cols = [response] + list(predictors)
    sub = df[cols].dropna()
    data = pd.DataFrame(index=sub.index)
    terms = []
    if family == "ols":
        v = pd.to_numeric(sub[response]).astype(float)
        data["r"] = stats.rankdata(v) if rank else v
    else:
        lv = _levels(sub[response].map(label))
        data["r"] = (sub[response].map(label) == lv[1]).astype(float)
    for i, p in enumerate(predictors):
        kind = column_info(profile, p)["kind"]
        name = f"p{i}"
        if is_numeric_kind(kind):
            v = pd.to_numeric(sub[p]).astype(float)
            v = pd.Series(stats.rankdata(v), index=v.index) if rank else v
            sd = v.std()
            data[name] = (v - v.mean()) / sd if sd > 0 else 0.0
            terms.append((p, name, name, "numeric"))
        else:
            labels = sub[p].map(label)
            # a binary variable's first level is the reference, as in the screening ("b vs a");
            # a categorical one's most frequent level
            ref = (_levels(labels)[0] if labels.nunique() == 2
                   else labels.value_counts().sort_index().idxmax())
            data[name] = labels
            terms.append((p, name, f"C({name}, Treatment(reference={ref!r}))", kind))
    return data, terms


def _fit(data, formula, family):
    if family == "ols":
        return smf.ols(formula, data=data).fit()
    return smf.logit(formula, data=data).fit(disp=0, maxiter=200)


def _restriction(model, cols):
    """The matrix that sets the given coefficients to zero (names with brackets and quotes do
    not parse as constraint strings)."""
    names = list(model.params.index)
    r = np.zeros((len(cols), len(names)))
    for i, c in enumerate(cols):
        r[i, names.index(c)] = 1.0
    return r


def _term_effect(model, term, family, n):
    """Test, effect and CI of one predictor of a fitted model."""
    var, name, expr, kind = term
    cols = [c for c in model.params.index if c == expr or c.startswith(expr + "[")]
    if family == "ols":
        df_resid = float(model.df_resid)
        if len(cols) == 1:
            t = float(model.tvalues[cols[0]])
            p = float(model.pvalues[cols[0]])
            pr = t / math.sqrt(t * t + df_resid)
            lo, hi = fisher_ci(pr, int(df_resid) + 2)
            return dict(variable=var, test="t", statistic=t, p=p, effect=pr, measure="partial r",
                        ci=[lo, hi], coef=float(model.params[cols[0]]),
                        coef_lo=float(model.conf_int().loc[cols[0], 0]),
                        coef_hi=float(model.conf_int().loc[cols[0], 1]), df=df_resid)
        r = model.f_test(_restriction(model, cols))
        f = float(np.squeeze(r.fvalue))
        df1 = len(cols)
        eta = f * df1 / (f * df1 + df_resid)
        return dict(variable=var, test="F", statistic=f, p=float(r.pvalue), effect=eta,
                    measure="partial eta squared", ci=[None, None], df=df_resid, df1=df1)
    if len(cols) == 1:
        b = float(model.params[cols[0]])
        se = float(model.bse[cols[0]])
        measure = "odds ratio (per SD)" if kind == "numeric" else "odds ratio"
        return dict(variable=var, test="Wald z", statistic=b / se, p=float(model.pvalues[cols[0]]),
                    effect=math.exp(b), measure=measure,
                    ci=[math.exp(b - Z975 * se), math.exp(b + Z975 * se)], coef=b)
    r = model.wald_test(_restriction(model, cols), scalar=True)
    return dict(variable=var, test="Wald chi2", statistic=float(r.statistic), p=float(r.pvalue),
                effect=None, measure=None, ci=[None, None], df1=len(cols))


def _scale(effect, measure):
    """The effect on a scale where 0 is no effect, to measure shrinkage."""
    if effect is None:
        return None
    if measure and measure.startswith(("odds ratio", "rate ratio")):
        return math.log(effect) if effect > 0 else None
    return effect


def _direction(effect, measure, p, alpha):
    if p is None or p >= alpha or effect is None or measure in ("partial eta squared", None):
        return "none" if p is None or p >= alpha else "unspecified"
    null = 1.0 if measure.startswith(("odds ratio", "rate ratio")) else 0.0
    return "positive" if effect > null else "negative"


def adjust_for_confounders(df, profile, x, y, seed, max_confounders=3, alpha=ALPHA,
                           exclude=()):
    """Adjusts the x-y association for measured variables associated with both (confounders).

    Candidates: every other usable column associated with x and with y (p < alpha and effect at
    least 0.1 as a correlation), except `exclude` (the outcome of interest, when neither x nor y
    is: adjusting for a common consequence would create associations, not remove them). The association is refit alone and with the candidates (a
    partial correlation when both are numbers; a multivariable linear or logistic model), on the
    same complete rows. Verdict: 'explained' when the adjusted effect is no longer significant
    and shrank by more than half; 'attenuated' when it shrank by more than half but remains;
    otherwise 'persists'.
    """
    rng = np.random.default_rng(seed)
    base = dict(type="confounding", dataset=profile["dataset"], x=x, y=y, seed=seed)
    roles = _roles(profile, x, y)
    screen = quiet_test(df, profile, x, y, rng)
    rank = screen["test"] in RANK_TESTS
    if roles is None:
        res = dict(base, verdict="unsupported",
                   why="both variables have more than two categories; no model applies")
        print(res["why"])
        emit(res)
        return res
    response, predictor, family = roles
    candidates = []
    for c in profile["usable"]:
        if c in (x, y) or c in exclude:
            continue
        try:
            a = quiet_test(df, profile, c, x, rng)
            b = quiet_test(df, profile, c, y, rng)
        except Exception:  # noqa: BLE001 - a column that cannot be tested is no candidate
            continue
        ra, rb = a.get("r_equivalent") or 0, b.get("r_equivalent") or 0
        if a["p"] < alpha and b["p"] < alpha and min(ra, rb) >= 0.1:
            candidates.append((min(ra, rb), c, ra, rb))
    candidates.sort(key=lambda t: (-t[0], t[1]))
    chosen = [c for _, c, _, _ in candidates[:max_confounders]]
    print(f"Association of {x} with {y}: {screen['test']}, {screen['measure']} = "
          f"{fmt(screen['effect'])}, p = {fmt_p(screen['p'])}")
    if candidates:
        print("Candidate confounders (associated with both, as correlations): " + "; ".join(
            f"{c} (with {x}: {fmt(ra)}, with {y}: {fmt(rb)})" for _, c, ra, rb in candidates))
    if not chosen:
        res = dict(base, verdict="no-candidate",
                   why=f"no measured variable is associated with both {x} and {y}")
        print("=> " + res["why"] + "; nothing to adjust for")
        emit(res)
        return res
    data, terms = _design(df, profile, response, [predictor] + chosen, family, rank)
    n = len(data)
    scale = "ranks of the numeric variables" if rank else "the original values"
    try:
        unadj_model = _fit(data, "r ~ " + terms[0][2], family)
        adj_model = _fit(data, "r ~ " + " + ".join(t[2] for t in terms), family)
    except Exception as e:  # noqa: BLE001 - separation, singular design: reported as data
        res = dict(base, verdict="failed", why=f"the model could not be fit: {e}")
        print(res["why"])
        emit(res)
        return res
    unadj = _term_effect(unadj_model, terms[0], family, n)
    adj = _term_effect(adj_model, terms[0], family, n)
    singles = {}
    for i, z in enumerate(chosen):
        m = _fit(data, "r ~ " + terms[0][2] + " + " + terms[i + 1][2], family)
        singles[z] = _term_effect(m, terms[0], family, n)
    u = _scale(unadj["effect"], unadj["measure"])

    def shrink(e):
        """1 - adjusted/unadjusted: 0 unchanged, 1 gone, above 1 reversed."""
        s = _scale(e["effect"], e["measure"])
        return None if u in (None, 0) or s is None else 1 - s / u

    reduction = shrink(adj)

    main = max(chosen, key=lambda z: (shrink(singles[z]) or -1, z))
    if reduction is not None and reduction > 1 and adj["p"] < alpha:
        verdict = "reversed"
    elif adj["p"] >= alpha and reduction is not None and reduction > 0.5:
        verdict = "explained"
    elif reduction is not None and reduction > 0.5:
        verdict = "attenuated"
    else:
        verdict = "persists"
    model_name = ("linear regression (OLS)" if family == "ols" else "logistic regression")
    if family == "ols" and len(terms[0]) and terms[0][3] == "numeric" and \
            is_numeric_kind(column_info(profile, response)["kind"]):
        test = f"partial correlation ({'Spearman, ranks' if rank else 'Pearson'})"
    else:
        test = model_name
    res = dict(base, verdict=verdict, response=response, predictor=predictor, family=family,
               rank=rank, confounders=chosen, main_confounder=main, n=n,
               test=f"{test} of {y} with {x} adjusted for {', '.join(chosen)}",
               statistic=adj["statistic"], statistic_name=adj["test"], p=adj["p"],
               effect=adj["effect"], measure=adj["measure"], ci=adj["ci"],
               unadjusted=unadj, adjusted=adj,
               single={z: {"effect": e["effect"], "p": e["p"], "ci": e["ci"],
                           "reduction": shrink(e)} for z, e in singles.items()},
               reduction=reduction,
               direction=_direction(adj["effect"], adj["measure"], adj["p"], alpha),
               why=(f"{model_name} of {response} on {predictor} with and without "
                    f"{', '.join(chosen)}, on {scale}, {n} complete rows"))
    res["extra"] = {"unadjusted_effect": unadj["effect"], "unadjusted_p": unadj["p"],
                    "reduction": reduction, "confounders": len(chosen),
                    "df": adj.get("df")}
    res["r_equivalent"] = r_equivalent(adj["effect"], adj["measure"]) if adj["measure"] else None
    print(f"Model: {res['why']}")
    print(f"  unadjusted: {unadj['measure']} = {fmt(unadj['effect'])} "
          f"[{fmt(unadj['ci'][0])}, {fmt(unadj['ci'][1])}], p = {fmt_p(unadj['p'])}")
    print(f"  adjusted for {', '.join(chosen)}: {adj['measure']} = {fmt(adj['effect'])} "
          f"[{fmt(adj['ci'][0])}, {fmt(adj['ci'][1])}], p = {fmt_p(adj['p'])}")
    for z, e in singles.items():
        print(f"  adjusted for {z} alone: {fmt(e['effect'])}, p = {fmt_p(e['p'])}")
    if reduction is not None:
        if reduction <= 1:
            print(f"  the effect shrinks by {reduction:.0%}")
        elif verdict == "reversed":
            print(f"  the effect reverses sign ({reduction:.0%} change)")
        else:
            print(f"  the estimate crosses zero ({reduction:.0%} change; its CI includes no"
                  " effect)")
    print(f"=> {verdict}: " + {
        "reversed": f"the association reverses after adjustment (mostly by {main})",
        "explained": f"the association is accounted for by {main} (a confounder or a mediator;"
                     " the data cannot tell which)",
        "attenuated": f"the association is weaker after adjustment (mostly by {main}) but remains",
        "persists": "the association persists after adjustment"}[verdict])
    emit(res)
    return res


def plot_adjustment(res):
    """Forest plot: the effect alone, adjusted for each candidate, and for all of them."""
    if res.get("verdict") not in ("explained", "attenuated", "persists", "reversed"):
        return
    rows = [("unadjusted", res["unadjusted"]["effect"], res["unadjusted"]["ci"])]
    for z, e in res["single"].items():
        rows.append((f"+ {z}", e["effect"], e["ci"]))
    rows.append(("+ all: " + ", ".join(res["confounders"]), res["effect"], res["ci"]))
    fig, ax = plt.subplots(figsize=(6.4, 0.6 * len(rows) + 1.6), dpi=100)
    for i, (name, eff, ci) in enumerate(reversed(rows)):
        if eff is None:
            continue
        lo, hi = (ci if ci and ci[0] is not None else (eff, eff))
        ax.plot([lo, hi], [i, i], color="#4c72b0", lw=2)
        ax.plot([eff], [i], "o", color="#c44e52")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r[0] for r in reversed(rows)], fontsize=8)
    null = 1.0 if (res["measure"] or "").startswith("odds ratio") else 0.0
    ax.axvline(null, color="grey", ls="--", lw=1)
    ax.set_xlabel(res["measure"])
    red = res["reduction"] or 0
    change = f"shrinks by {red:.0%}" if red <= 1 else "reverses sign"
    ax.set_title(f"{res['x']} ~ {res['y']}: {res['verdict']} ({change})", fontsize=9)
    show_figure(fig)


def _influence_refit(df, profile, res):
    """Refits without influential points: Cook's distance > 4/n (two numbers) or robust z > 3.5
    within groups (a group comparison). None for two categories."""
    x, y = res["x"], res["y"]
    sub = df[[x, y]].dropna()
    if res["family"] == "correlation":
        xv = pd.to_numeric(sub[x]).astype(float)
        yv = pd.to_numeric(sub[y]).astype(float)
        if res["test"] in RANK_TESTS:
            xv, yv = xv.rank(), yv.rank()
        model = sm.OLS(yv.to_numpy(), sm.add_constant(xv.to_numpy())).fit()
        cooks = model.get_influence().cooks_distance[0]
        drop = sub.index[cooks > 4 / len(sub)]
        rule = "Cook's distance > 4/n"
    elif res["family"] in ("two-group", "k-group"):
        g, v = (x, y) if is_group_kind(res["x_kind"]) else (y, x)
        vals = pd.to_numeric(sub[v]).astype(float)
        keys = sub[g].map(label)
        flagged = []
        for lv in keys.unique():
            s = vals[keys == lv]
            med = s.median()
            mad = (s - med).abs().median()
            if mad > 0:
                flagged.extend(s.index[(0.6745 * (s - med) / mad).abs() > 3.5])
        drop = pd.Index(flagged)
        rule = "robust z > 3.5 within a group"
    else:
        return None
    return drop, rule


def check_robustness(df, profile, x, y, seed, permutations=2000, bootstrap=2000, alpha=ALPHA):
    """Bootstrap CI, a permutation null on the real data, and a refit without influential points.

    Robust when the permutation p is below alpha, the bootstrap CI excludes no effect (for
    signed effects), and the association stays significant with the same sign without the
    influential points.
    """
    rng = np.random.default_rng(seed)
    full = quiet_test(df, profile, x, y, rng, permutations, bootstrap, alpha=1.0)
    e = full["extra"]
    reasons, ok = [], True
    pp = e.get("perm_p")
    if pp is not None:
        if pp >= alpha:
            ok = False
            reasons.append(f"permutation p = {fmt_p(pp)} is not below {alpha}")
        else:
            reasons.append(f"permutation p = {fmt_p(pp)} ({e.get('permutations')} shuffles)")
    signed = full["measure"] in ("r", "rho", "Hedges' g", "rank-biserial r", "odds ratio")
    null = 1.0 if full["measure"] == "odds ratio" else 0.0
    blo, bhi = e.get("boot_lo"), e.get("boot_hi")
    if signed and blo is not None:
        if blo <= null <= bhi:
            ok = False
            reasons.append(f"bootstrap CI {fmt(blo)} to {fmt(bhi)} includes {null:g}")
        else:
            reasons.append(f"bootstrap CI {fmt(blo)} to {fmt(bhi)} ({e.get('bootstrap')} resamples)")
    infl = _influence_refit(df, profile, full)
    refit = None
    if infl is not None and len(infl[0]) > 0:
        drop, rule = infl
        refit = quiet_test(df.drop(index=drop), profile, x, y, rng, method=method_of(full))
        same = (_scale(refit["effect"], refit["measure"]) or 0) * \
               (_scale(full["effect"], full["measure"]) or 0) > 0 or not signed
        if refit["p"] >= alpha or not same:
            ok = False
            reasons.append(f"without {len(drop)} influential points ({rule}) "
                           f"{refit['measure']} = {fmt(refit['effect'])}, p = {fmt_p(refit['p'])}")
        else:
            reasons.append(f"without {len(drop)} influential points ({rule}) "
                           f"{refit['measure']} = {fmt(refit['effect'])}, p = {fmt_p(refit['p'])}")
        removed = len(drop)
    else:
        removed = 0
        reasons.append("no influential points to remove" if infl is not None
                       else "influence check not applicable to two categorical variables")
    primary = refit if refit is not None else full
    verdict = "robust" if ok else "fragile"
    res = dict(type="robustness", dataset=profile["dataset"], x=x, y=y, seed=seed,
               verdict=verdict, reasons=reasons,
               test=f"{primary['test']} without influential points" if refit is not None
               else primary["test"],
               family=full["family"], statistic=primary["statistic"],
               statistic_name=primary["statistic_name"], p=primary["p"],
               effect=primary["effect"], measure=primary["measure"], ci=primary["ci"],
               n=primary["n"], original={"effect": full["effect"], "p": full["p"],
                                          "ci": full["ci"], "n": full["n"]},
               direction=_direction(primary["effect"], primary["measure"], primary["p"], alpha)
               if primary["measure"] not in ("eta squared", "epsilon squared", "Cramér's V")
               else ("unspecified" if primary["p"] < alpha else "none"),
               why=f"{full['test']} (as in the screening), refit without influential points")
    if full["family"] in ("two-group", "k-group") and "describe" in full and \
            res["direction"] in ("positive", "negative"):
        res["describe"] = full["describe"]
    res["extra"] = {k: v for k, v in {
        "perm_p": pp, "permutations": e.get("permutations"), "boot_lo": blo, "boot_hi": bhi,
        "bootstrap": e.get("bootstrap"), "removed": removed, "original_effect": full["effect"],
        "original_p": full["p"]}.items() if v is not None}
    res["r_equivalent"] = r_equivalent(res["effect"], res["measure"])
    print(f"Robustness of {x} ~ {y} ({full['test']}, {full['measure']} = {fmt(full['effect'])}):")
    for r in reasons:
        print("  - " + r)
    print(f"=> {verdict}")
    emit(res)
    res["_full"] = full
    return res


def plot_robustness(res):
    """The bootstrap distribution of the effect and the permutation null, as computed."""
    full = res["_full"]
    e = full["extra"]
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), dpi=100)
    if "_boots" in full:
        axes[0].hist(full["_boots"][np.isfinite(full["_boots"])], bins=40, color="#4c72b0")
        axes[0].axvline(full["effect"], color="#c44e52", lw=2, label="observed")
        if e.get("boot_lo") is not None:
            axes[0].axvspan(e["boot_lo"], e["boot_hi"], color="#c44e52", alpha=0.15,
                            label="95% CI")
        axes[0].legend(fontsize=7)
    axes[0].set_title(f"bootstrap of {full['measure']} ({e.get('bootstrap', 0)} resamples)",
                      fontsize=9)
    if "_null" in full:
        axes[1].hist(full["_null"], bins=40, color="#8c8c8c")
        axes[1].axvline(full["_observed"], color="#c44e52", lw=2, label="observed")
        axes[1].legend(fontsize=7)
    axes[1].set_title(f"permutation null ({e.get('permutations', 0)} shuffles; p = "
                      f"{fmt_p(e.get('perm_p'))})", fontsize=9)
    fig.suptitle(f"{res['x']} ~ {res['y']}: {res['verdict']}", fontsize=10)
    show_figure(fig)


def _shape(q_coef, q_p, xv, xc_mean, xc_sd, b1, alpha):
    """The curve in words: U-shaped or inverted-U when the quadratic's vertex lies inside the
    central 90% of x, else convex or concave; the vertex on x's own scale."""
    if q_p >= alpha or q_coef == 0:
        return "not a simple curve", None
    vertex = xc_mean + xc_sd * (-b1 / (2 * q_coef))
    lo, hi = np.percentile(xv, [5, 95])
    if lo < vertex < hi:
        if q_coef > 0:
            return f"U-shaped, lowest near {fmt(vertex)}", float(vertex)
        return f"inverted-U, highest near {fmt(vertex)}", float(vertex)
    return ("curving upward (convex)" if q_coef > 0 else "levelling off (concave)"), None


def check_nonlinearity(df, profile, x, y, seed, alpha=ALPHA):
    """Linear against a cubic spline fit of y on x: an F test of the non-linear part (a
    likelihood-ratio test in a logistic model when y is binary), its share of what the line leaves,
    a quadratic term's sign and vertex (U-shaped or not), and the Spearman-Pearson gap."""
    sub = df[[x, y]].dropna()
    xv = pd.to_numeric(sub[x]).astype(float)
    binary = column_info(profile, y)["kind"] == "binary"
    if binary:
        levels = _levels(sub[y].map(label))
        yv = (sub[y].map(label) == levels[-1]).astype(float)
    else:
        yv = pd.to_numeric(sub[y]).astype(float)
    data = pd.DataFrame({"x": xv.to_numpy(), "y": yv.to_numpy()})
    data["xc"] = (data["x"] - data["x"].mean()) / data["x"].std()
    n = len(data)
    k = 4 if data["x"].nunique() > 8 else max(2, data["x"].nunique() - 2)
    fit = (lambda f: smf.logit(f, data=data).fit(disp=0, maxiter=200)) if binary else \
        (lambda f: smf.ols(f, data=data).fit())
    lin = fit("y ~ xc")
    spl = fit(f"y ~ bs(xc, df={k})")
    quad = fit("y ~ xc + I(xc ** 2)")
    if binary:
        f_stat = float(2 * (spl.llf - lin.llf))
        df1 = float(spl.df_model - lin.df_model)
        p = float(stats.chi2.sf(f_stat, df1))
        df2 = None
        partial = float((spl.llf - lin.llf) / -lin.llf) if lin.llf < 0 else 0.0
        test = f"likelihood-ratio test of a cubic spline (df {k}) against a straight line (logistic)"
        stat_name, measure = "LR chi2", "pseudo R2 gain"
        r2_lin, r2_spl = float(lin.prsquared), float(spl.prsquared)
    else:
        table = anova_lm(lin, spl)
        f_stat, p = float(table["F"].iloc[1]), float(table["Pr(>F)"].iloc[1])
        df1, df2 = float(table["df_diff"].iloc[1]), float(table["df_resid"].iloc[1])
        partial = float((lin.ssr - spl.ssr) / lin.ssr)
        test = f"F test of a cubic spline (df {k}) against a straight line"
        stat_name, measure = "F", "partial eta squared"
        r2_lin, r2_spl = float(lin.rsquared), float(spl.rsquared)
    q_coef, q_p = float(quad.params["I(xc ** 2)"]), float(quad.pvalues["I(xc ** 2)"])
    shape, vertex = _shape(q_coef, q_p, xv.to_numpy(), float(data["x"].mean()),
                           float(data["x"].std()), float(quad.params["xc"]), alpha)
    pearson = float(stats.pearsonr(xv, yv)[0])
    spearman = float(stats.spearmanr(xv, yv)[0])
    verdict = "non-linear" if p < alpha else "linear"
    res = dict(type="nonlinearity", dataset=profile["dataset"], x=x, y=y, seed=seed,
               verdict=verdict, test=test, statistic=f_stat, statistic_name=stat_name, p=p,
               effect=partial, measure=measure, ci=[None, None], n=n,
               direction="unspecified" if p < alpha else "none", shape=shape, vertex=vertex,
               describe=f"the association of {x} with {y} is non-linear ({shape})",
               why=("nested logistic models" if binary else "nested OLS models")
               + " on the same rows",
               extra={k_: v for k_, v in {"df1": df1, "df2": df2, "r2_linear": r2_lin,
                                          "r2_spline": r2_spl, "quadratic_p": q_p,
                                          "quadratic_coef": q_coef, "pearson": pearson,
                                          "spearman": spearman, "vertex": vertex,
                                          "linear_p": float(lin.pvalues["xc"])}.items()
                      if v is not None})
    res["r_equivalent"] = math.sqrt(max(partial, 0))
    r2w = "pseudo R²" if binary else "R²"
    print(f"{y} on {x}, n = {n}: {r2w} linear {fmt(r2_lin)}, cubic spline {fmt(r2_spl)}")
    print(f"  {stat_name} = {fmt(f_stat)} (df {df1:g}" + (f", {df2:g}" if df2 else "")
          + f"), p = {fmt_p(p)}; the non-linear part explains {partial:.1%} of what the line leaves")
    print(f"  the straight line alone: p = {fmt_p(float(lin.pvalues['xc']))}")
    print(f"  quadratic term {fmt(q_coef)} (p = {fmt_p(q_p)}); Pearson {fmt(pearson)}, "
          f"Spearman {fmt(spearman)}")
    print(f"=> {verdict}" + (f": {shape}" if verdict == "non-linear" else
                              ": a straight line describes it adequately"))
    emit(res)
    res["_models"] = (data, lin, spl, k)
    return res


def plot_nonlinearity(res):
    data, lin, spl, k = res["_models"]
    order = np.argsort(data["x"].to_numpy())
    xs = data["x"].to_numpy()[order]
    fig, ax = plt.subplots(figsize=(6.4, 4.4), dpi=100)
    idx = shown_points(len(data))
    ax.scatter(data["x"].to_numpy()[idx], data["y"].to_numpy()[idx], s=10, alpha=0.45,
               color="#4c72b0", edgecolor="none")
    ax.plot(xs, np.asarray(lin.predict(data))[order], color="#c44e52", lw=2, label="linear")
    ax.plot(xs, np.asarray(spl.predict(data))[order], color="#dd8452", lw=2,
            label=f"cubic spline (df {k})")
    try:
        lw = lowess_curve(data["x"], data["y"])
        ax.plot(lw[:, 0], lw[:, 1], color="#55a868", ls="--", lw=1.5, label="LOWESS")
    except Exception:  # noqa: BLE001
        pass
    ax.set_xlabel(shown_label(res["x"], len(data)))
    ax.set_ylabel(res["y"])
    ax.legend(fontsize=8)
    ax.set_title(f"{res['verdict']}: F = {fmt(res['statistic'])}, p = {fmt_p(res['p'])}",
                 fontsize=9)
    show_figure(fig)


def check_subgroups(df, profile, x, y, by, seed, alpha=ALPHA):
    """The x-y association within each level of `by`, and a test of the interaction."""
    rng = np.random.default_rng(seed)
    roles = _roles(profile, x, y)
    sub = df[[x, y, by]].dropna()
    keys, _ = _lump(sub[by].map(label), minimum=20)
    whole = quiet_test(sub, profile, x, y, rng)
    strata = []
    for lv in _levels(keys):
        part = sub[keys == lv]
        if len(part) < 20:
            continue
        try:
            r = quiet_test(part, profile, x, y, rng, bootstrap=200, method=method_of(whole))
        except Exception as e:  # noqa: BLE001 - a stratum where the test cannot run
            print(f"  {by} = {lv}: not testable ({e})")
            continue
        strata.append({"level": lv, "n": r["n"], "effect": r["effect"], "ci": r["ci"],
                       "p": r["p"], "test": r["test"], "measure": r["measure"]})
    base = dict(type="subgroups", dataset=profile["dataset"], x=x, y=y, by=by, seed=seed,
                strata=strata)
    if roles is None or len(strata) < 2:
        res = dict(base, verdict="unsupported",
                   why="fewer than two strata with 20 rows, or no model for these kinds")
        print(res["why"])
        emit(res)
        return res
    response, predictor, family = roles
    data, terms = _design(df.loc[sub.index].assign(**{by: keys}), profile, response,
                         [predictor], family, False)
    data["s"] = keys.loc[data.index].astype(str)
    pe = terms[0][2]
    try:
        add = _fit(data, f"r ~ {pe} + C(s)", family)
        inter = _fit(data, f"r ~ {pe} * C(s)", family)
    except Exception as e:  # noqa: BLE001
        res = dict(base, verdict="failed", why=f"the model could not be fit: {e}")
        print(res["why"])
        emit(res)
        return res
    if family == "ols":
        table = anova_lm(add, inter)
        stat, p = float(table["F"].iloc[1]), float(table["Pr(>F)"].iloc[1])
        df1 = float(table["df_diff"].iloc[1])
        effect = float((add.ssr - inter.ssr) / add.ssr)
        measure, stat_name, test = "partial eta squared", "F", "F test of the interaction (OLS)"
    else:
        lr = 2 * (inter.llf - add.llf)
        df1 = float(inter.df_model - add.df_model)
        stat, p = float(lr), float(stats.chi2.sf(lr, df1))
        effect, measure, stat_name = None, None, "LR chi2"
        test = "likelihood-ratio test of the interaction (logistic)"
    verdict = "differs" if p < alpha else "consistent"
    res = dict(base, verdict=verdict, test=test + f": {x} by {by} on {y}", statistic=stat,
               statistic_name=stat_name, p=p, effect=effect, measure=measure, ci=[None, None],
               n=len(data), direction="unspecified" if p < alpha else "none",
               describe=f"the association of {x} with {y} differs across levels of {by}",
               why=f"{family.upper()} with and without the {x} x {by} interaction",
               extra={"df1": df1, "strata": len(strata)})
    res["r_equivalent"] = r_equivalent(effect, measure) if measure else None
    print(f"{x} ~ {y} within levels of {by}:")
    for s in strata:
        ci = s["ci"]
        ci_text = f" [{fmt(ci[0])}, {fmt(ci[1])}]" if ci and ci[0] is not None else ""
        print(f"  {by} = {s['level']} (n = {s['n']}): {s['measure']} = {fmt(s['effect'])}"
              f"{ci_text}, p = {fmt_p(s['p'])}")
    print(f"  interaction: {stat_name} = {fmt(stat)} (df {df1:g}), p = {fmt_p(p)}")
    print(f"=> {verdict}: " + ("the association differs between subgroups" if verdict == "differs"
                               else "no evidence that the association differs between subgroups"))
    emit(res)
    return res


def plot_subgroups(res):
    strata = [s for s in res.get("strata", []) if s["effect"] is not None]
    if not strata:
        return
    fig, ax = plt.subplots(figsize=(6.4, 0.6 * len(strata) + 1.6), dpi=100)
    for i, s in enumerate(strata):
        ci = s["ci"] if s["ci"] and s["ci"][0] is not None else [s["effect"], s["effect"]]
        ax.plot(ci, [i, i], color="#4c72b0", lw=2)
        ax.plot([s["effect"]], [i], "o", color="#c44e52")
    ax.set_yticks(range(len(strata)))
    ax.set_yticklabels([f"{res['by']} = {s['level']} (n = {s['n']})" for s in strata], fontsize=8)
    null = 1.0 if (strata[0]["measure"] or "").startswith("odds ratio") else 0.0
    ax.axvline(null, color="grey", ls="--", lw=1)
    ax.set_xlabel(strata[0]["measure"])
    ax.set_title(f"{res['x']} ~ {res['y']} by {res['by']}: interaction p = {fmt_p(res['p'])}",
                 fontsize=9)
    show_figure(fig)


def multivariable_model(df, profile, outcome, predictors, seed, alpha=ALPHA):
    """A joint model of the outcome on the predictors: OLS (numbers; predictors standardized, so
    coefficients are per SD) or logistic (a binary outcome; odds ratios per SD). Each predictor's
    effect is its partial correlation (OLS) or odds ratio, adjusted for all the others."""
    kind = column_info(profile, outcome)["kind"]
    family = "ols" if is_numeric_kind(kind) else "logit" if kind == "binary" else None
    base = dict(type="model", dataset=profile["dataset"], outcome=outcome, seed=seed)
    if family is None:
        res = dict(base, error=f"{outcome} has more than two categories; no joint model")
        print(res["error"])
        emit(res)
        return res
    predictors = [p for p in predictors if p != outcome]
    data, terms = _design(df, profile, outcome, predictors, family, False)
    n = len(data)
    events = n if family == "ols" else int(min(data["r"].sum(), n - data["r"].sum()))
    params = sum(1 if t[3] == "numeric" else len(set(data[t[1]])) - 1 for t in terms)
    dropped = []
    while terms and events / max(params, 1) < 10:
        t = terms.pop()
        dropped.append(t[0])
        params -= 1 if t[3] == "numeric" else len(set(data[t[1]])) - 1
    try:
        model = _fit(data, "r ~ " + " + ".join(t[2] for t in terms), family)
    except Exception as e:  # noqa: BLE001
        res = dict(base, error=f"the model could not be fit: {e}")
        print(res["error"])
        emit(res)
        return res
    vif = {}
    numeric = [t for t in terms if t[3] == "numeric"]
    if len(numeric) > 1:
        X = sm.add_constant(data[[t[1] for t in numeric]].to_numpy())
        from statsmodels.stats.outliers_influence import variance_inflation_factor
        for i, t in enumerate(numeric):
            vif[t[0]] = float(variance_inflation_factor(X, i + 1))
    hetero_p = None
    if family == "ols":
        hetero_p = float(het_breuschpagan(model.resid, model.model.exog)[1])
    rows = []
    for t in terms:
        e = _term_effect(model, t, family, n)
        e["vif"] = vif.get(t[0])
        e["direction"] = _direction(e["effect"], e["measure"], e["p"], alpha)
        e["r_equivalent"] = r_equivalent(e["effect"], e["measure"]) if e["measure"] else None
        rows.append(e)
    fit = {"r2": float(model.rsquared), "adj_r2": float(model.rsquared_adj)} if family == "ols" \
        else {"pseudo_r2": float(model.prsquared)}
    res = dict(base, family=family, n=n, terms=rows, dropped=dropped, fit=fit,
               heteroscedasticity_p=hetero_p,
               test=("multiple linear regression (OLS, standardized predictors)" if family == "ols"
                     else "multiple logistic regression (standardized predictors)"),
               why=f"{n} complete rows; {len(terms)} predictors"
                   + (f"; left out for too few rows per parameter: {', '.join(dropped)}"
                      if dropped else ""))
    print(f"Joint model of {outcome}: {res['test']}, {res['why']}")
    print("  " + ", ".join(f"{k} = {fmt(v)}" for k, v in fit.items())
          + (f"; Breusch-Pagan p = {fmt_p(hetero_p)}" if hetero_p is not None else ""))
    for e in rows:
        ci = e["ci"]
        ci_text = f" [{fmt(ci[0])}, {fmt(ci[1])}]" if ci and ci[0] is not None else ""
        vif_text = f", VIF {fmt(e['vif'])}" if e.get("vif") else ""
        print(f"  {e['variable']:<24} {e['measure'] or e['test']} = {fmt(e['effect'])}{ci_text}, "
              f"p = {fmt_p(e['p'])}{vif_text}")
    emit(res)
    return res


def plot_model(res):
    rows = [e for e in res.get("terms", []) if e["effect"] is not None]
    if not rows:
        return
    common = max(set(e["measure"] for e in rows), key=lambda m: sum(e["measure"] == m for e in rows))
    rows = [e for e in rows if e["measure"] == common]
    fig, ax = plt.subplots(figsize=(6.4, 0.42 * len(rows) + 1.6), dpi=100)
    for i, e in enumerate(reversed(rows)):
        ci = e["ci"] if e["ci"][0] is not None else [e["effect"], e["effect"]]
        color = "#c44e52" if e["p"] < ALPHA else "#8c8c8c"
        ax.plot(ci, [i, i], color=color, lw=2)
        ax.plot([e["effect"]], [i], "o", color=color)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([e["variable"] for e in reversed(rows)], fontsize=8)
    null = 1.0 if (rows[0]["measure"] or "").startswith("odds ratio") else 0.0
    ax.axvline(null, color="grey", ls="--", lw=1)
    ax.set_xlabel(rows[0]["measure"] + " (adjusted for the other predictors)")
    ax.set_title(f"Joint model of {res['outcome']} (n = {res['n']}; red: p < {ALPHA})",
                 fontsize=9)
    show_figure(fig)
