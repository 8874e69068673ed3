# ---- the asked-about relation: models that fit the outcome ---------------------------------------
# answer_question fits the relation the question asks about with the model the outcome calls for:
# logistic (odds ratios) for a binary outcome, Poisson or negative binomial (rate ratios) for a
# count, linear for a number, with entity and time fixed effects and cluster-robust errors for a
# panel. It adds, when the question names them, the adjustment, the interaction with a moderator
# and the indirect effect through a mediator (bootstrap CI), and it reports missing data and a
# sensitivity check. Every p value it prints is a test of the run.


def outcome_family(df, profile, outcome):
    """logit (binary), count (non-negative integers, right-skewed), ols (other numbers), or None."""
    kind = column_info(profile, outcome)["kind"]
    if kind == "binary":
        return "logit"
    if not is_numeric_kind(kind):
        return None
    v = pd.to_numeric(df[outcome], errors="coerce").dropna().to_numpy(float)
    if len(v) > 2 and np.all(np.mod(v, 1) == 0) and v.min() >= 0 and len(np.unique(v)) > 2:
        skew = float(stats.skew(v))
        if np.mean(v == 0) >= 0.1 or (skew > 0.5 and v.mean() < 20):
            return "count"
    return "ols"


def _glm(data, formula, family, groups=None):
    """Fits one model of the family; cluster-robust errors by `groups` for a panel."""
    kw = dict(cov_type="cluster", cov_kwds={"groups": groups}) if groups is not None else {}
    if family == "ols":
        return smf.ols(formula, data=data).fit(**kw)
    if family == "logit":
        return smf.logit(formula, data=data).fit(disp=0, maxiter=200, **kw)
    if family == "poisson":
        return smf.glm(formula, data=data, family=sm.families.Poisson()).fit(**kw)
    if family == "negbin":
        return smf.negativebinomial(formula, data=data).fit(disp=0, maxiter=300, **kw)
    raise ValueError(f"unknown family {family}")


def _count_family(data, formula):
    """Poisson, or negative binomial when the Poisson fit is overdispersed (Pearson chi2/df > 1.5)."""
    pois = smf.glm(formula, data=data, family=sm.families.Poisson()).fit()
    dispersion = float(pois.pearson_chi2 / max(pois.df_resid, 1))
    return ("negbin" if dispersion > 1.5 else "poisson"), dispersion


def _effect(model, term, family, kind, groups=None):
    """The exposure's effect in a fitted model: an odds or rate ratio, or a partial correlation
    with the coefficient, with CI and p; an omnibus test for a categorical exposure."""
    var, name, expr, _ = term
    cols = [c for c in model.params.index if c == expr or c.startswith(expr + "[")]
    if len(cols) != 1:
        r = model.wald_test(_restriction(model, cols), scalar=True)
        stat = float(np.squeeze(r.statistic))
        return dict(variable=var, test="Wald test", statistic=stat, statistic_name="chi2",
                    p=float(r.pvalue), effect=None, measure=None, ci=[None, None], df1=len(cols),
                    levels={c.split("[T.")[-1].rstrip("]"): _level_effect(model, c, family)
                            for c in cols})
    c = cols[0]
    b, se, p = float(model.params[c]), float(model.bse[c]), float(model.pvalues[c])
    lo, hi = (float(x) for x in model.conf_int().loc[c])
    contrast = _contrast_words(var, c, expr)
    if family in ("logit", "poisson", "negbin"):
        ratio = "odds ratio" if family == "logit" else "rate ratio"
        measure = ratio + (" (per SD)" if kind == "numeric" else "")
        return dict(variable=var, test="Wald z", statistic=b / se, statistic_name="z", p=p,
                    effect=math.exp(b), measure=measure, ci=[math.exp(lo), math.exp(hi)], coef=b,
                    contrast=contrast)
    t = b / se
    dfr = float(model.df_resid)
    pr = t / math.sqrt(t * t + dfr)
    plo, phi = fisher_ci(pr, int(dfr) + 2)
    return dict(variable=var, test="t", statistic=t, statistic_name="t", p=p, effect=pr,
                measure="partial r", ci=[plo, phi], coef=b, coef_ci=[lo, hi], df=dfr,
                coef_unit="per SD" if kind == "numeric" else "difference", contrast=contrast)


def _contrast_words(var, col, expr):
    """"per SD of x" for a number, "x = 1 vs x = 0" for a level against the reference."""
    m = re.search(r"reference='([^']*)'\)\)\[T\.(.*)\]$", col)
    if m:
        return f"{var} = {m.group(2)} vs {var} = {m.group(1)}"
    return f"per SD of {var}"


def _level_effect(model, col, family):
    b = float(model.params[col])
    lo, hi = (float(x) for x in model.conf_int().loc[col])
    p = float(model.pvalues[col])
    if family == "ols":
        return {"coef": b, "ci": [lo, hi], "p": p}
    return {"ratio": math.exp(b), "ci": [math.exp(lo), math.exp(hi)], "p": p}


def _frame(df, profile, outcome, exposure, others, family, panel):
    """The design on complete cases, and how many rows each variable's missing values cost."""
    cols = [outcome, exposure] + [o for o in others if o not in (outcome, exposure)]
    need = cols + ([panel["entity"], panel["time"]] if panel else [])
    missing = {c: int(df[c].isna().sum()) for c in cols if df[c].isna().any()}
    design_family = "logit" if family == "logit" else "ols"
    data, terms = _design(df[list(dict.fromkeys(need))].dropna(), profile, outcome,
                          [exposure] + [o for o in others if o not in (outcome, exposure)],
                          design_family, False)
    if panel:
        sub = df.loc[data.index]
        data["unit"] = sub[panel["entity"]].astype(str).to_numpy()
        data["period"] = sub[panel["time"]].astype(str).to_numpy()
    return data, terms, missing


def _fit_relation(data, terms, family, panel, with_terms):
    formula = "r ~ " + " + ".join(t[2] for t in with_terms)
    if panel and family == "ols":
        # a trend over time is the exposure itself when the time column is asked about
        time_asked = any(t[0] == panel["time"] for t in with_terms)
        formula += " + C(unit)" + ("" if time_asked else " + C(period)")
    groups = pd.factorize(data["unit"])[0] if panel else None
    fam = family
    dispersion = None
    if family == "count":
        fam, dispersion = _count_family(data, formula)
    model = _glm(data, formula, fam, groups)
    return model, fam, dispersion


def answer_question(df, profile, outcome, exposure, seed, adjust=(), moderators=(),
                    mediators=(), alpha=ALPHA, bootstrap=1000):
    """The relation of `exposure` with `outcome` the question asks about: unadjusted, adjusted
    for the variables it names, by a moderator, through a mediator; missing rows and a check of
    what keeping them would change."""
    rng = np.random.default_rng(seed)
    family = outcome_family(df, profile, outcome)
    base = dict(type="question", dataset=profile["dataset"], x=exposure, y=outcome, seed=seed,
                rows=int(df.shape[0]))
    if family is None:
        res = dict(base, **quiet_test(df, profile, exposure, outcome, rng, 0, bootstrap, alpha),
                   family_model="pair test", tests=[])
        res["tests"] = [_as_test("asked", res, res)]
        print_question(res)
        emit(res)
        return res
    panel = (profile.get("reading") or {}).get("panel")
    if panel and (panel.get("entity") not in df.columns or panel.get("time") not in df.columns
                  or df.duplicated([panel["entity"], panel["time"]]).any()):
        panel = None
    adjust = [a for a in adjust if a in profile["usable"] and a not in (outcome, exposure)]
    data, terms, missing = _frame(df, profile, outcome, exposure, list(adjust), family, panel)
    kind = terms[0][3]
    model, fam, dispersion = _fit_relation(data, terms, family, panel, terms[:1])
    asked = _effect(model, terms[0], fam, kind)
    res = dict(base, family_model=_model_words(fam, panel, exposure), n=int(len(data)),
               dropped_missing=int(df.shape[0] - len(data)), missing=missing,
               dispersion=dispersion, x_kind=column_info(profile, exposure)["kind"],
               y_kind=column_info(profile, outcome)["kind"])
    res.update({k: asked[k] for k in ("test", "statistic", "statistic_name", "p", "effect",
                                       "measure", "ci") if k in asked})
    res["test"] = f"{res['family_model']}: {asked['test']} of {exposure}"
    if fam == "logit":
        res["outcome_level"] = _levels(df[outcome].dropna().map(label))[-1]
    res["unadjusted"] = asked
    res["direction"] = _direction(asked["effect"], asked["measure"], asked["p"], alpha)
    res["r_equivalent"] = _r_of(asked)
    tests = [_as_test("asked", res, asked)]
    if adjust:
        adj_model, _, _ = _fit_relation(data, terms, family, panel, terms)
        adjusted = _effect(adj_model, terms[0], fam, kind)
        res["adjusted"] = dict(adjusted, adjusted_for=list(adjust))
        tests.append(_as_test("adjusted", res, adjusted, f"adjusted for {', '.join(adjust)}"))
    res["sensitivity"] = _missing_sensitivity(df, profile, outcome, exposure, list(adjust),
                                              family, fam, panel, kind, asked)
    for m in moderators:
        if m in profile["usable"] and m not in (outcome, exposure):
            mod = _moderation(df, profile, outcome, exposure, m, family, fam, alpha)
            res.setdefault("moderation", []).append(mod)
            tests.append(_as_test("moderation", res, mod, f"by {m}"))
    for m in mediators:
        if m in profile["usable"] and m not in (outcome, exposure):
            med = _mediation(df, profile, outcome, exposure, m, list(adjust), rng, bootstrap)
            res.setdefault("mediation", []).append(med)
            tests.append(_as_test("mediation", res, med, f"through {m}"))
    res["tests"] = tests
    print_question(res)
    emit(res)
    return res


def _model_words(fam, panel, exposure=None):
    words = {"ols": "linear regression (OLS)", "logit": "logistic regression",
             "poisson": "Poisson regression", "negbin": "negative binomial regression"}[fam]
    if panel:
        effects = panel["entity"] if exposure == panel["time"] else \
            f"{panel['entity']} and {panel['time']}"
        words += (f" with {effects} fixed effects" if fam == "ols" else "") \
            + f", errors clustered by {panel['entity']}"
    return words


def _r_of(e):
    if e.get("measure"):
        m = e["measure"]
        if m.startswith("rate ratio"):
            m = "odds ratio"
        return r_equivalent(e["effect"], m)
    return None


def _as_test(part, res, e, detail=""):
    """One test of the question's cell, as the ledger records it."""
    return {"part": part, "detail": detail, "contrast": e.get("contrast"), "test": e.get("test"),
            "p": e.get("p"),
            "effect": e.get("effect"), "measure": e.get("measure"), "ci": e.get("ci"),
            "statistic": e.get("statistic"), "statistic_name": e.get("statistic_name"),
            "n": e.get("n", res.get("n")), "r_equivalent": _r_of(e),
            "direction": _direction(e.get("effect"), e.get("measure"), e.get("p"), ALPHA)}


def _missing_sensitivity(df, profile, outcome, exposure, adjust, family, fam, panel, kind, asked):
    """What keeping the incomplete rows would change: the unadjusted model on every row with the
    outcome and the exposure (adjusters' gaps do not drop rows there), or, when the adjusters have
    gaps, the adjusted model with them filled by median or mode and a missing-value indicator."""
    if not adjust or not any(df[a].isna().any() for a in adjust):
        return {"needed": False, "why": "no adjuster has missing values"}
    sub = df.copy()
    extra = []
    for a in adjust:
        if sub[a].isna().any():
            flag = f"{a}_missing"
            sub[flag] = sub[a].isna().astype(int)
            fill = sub[a].median() if is_numeric_kind(column_info(profile, a)["kind"]) \
                else sub[a].mode().iloc[0]
            sub[a] = sub[a].fillna(fill)
            extra.append(flag)
    prof = dict(profile, columns=profile["columns"] + [
        {"name": f, "kind": "binary", "levels": ["0", "1"]} for f in extra])
    try:
        data, terms, _ = _frame(sub, prof, outcome, exposure, adjust + extra, family, panel)
        model, _, _ = _fit_relation(data, terms, family, panel, terms)
        e = _effect(model, terms[0], fam, kind)
    except Exception as err:  # noqa: BLE001 - a check that cannot run is reported, not fatal
        return {"needed": True, "why": f"the check could not be fit: {err}"}
    return {"needed": True, "n": int(len(data)), "effect": e["effect"], "ci": e["ci"],
            "p": e["p"], "measure": e["measure"], "imputed": adjust,
            "why": "adjusters' missing values filled (median or mode) with missing indicators"}


def _moderation(df, profile, outcome, exposure, by, family, fam, alpha):
    """The exposure's effect within each level of `by` (or per SD of a numeric `by`) and the test
    of the interaction (F or likelihood ratio)."""
    data, terms, _ = _frame(df, profile, outcome, exposure, [by], family, None)
    pe, pb = terms[0][2], terms[1][2]
    fam2 = "ols" if fam == "ols" else ("logit" if fam == "logit" else "poisson")
    add = _glm(data, f"r ~ {pe} + {pb}", fam2)
    inter = _glm(data, f"r ~ {pe} * {pb}", fam2)
    if fam2 == "ols":
        table = anova_lm(add, inter)
        stat, p = float(table["F"].iloc[1]), float(table["Pr(>F)"].iloc[1])
        name, test = "F", "F test of the interaction"
        effect = float((add.ssr - inter.ssr) / add.ssr)
        measure = "partial eta squared"
        ci = _partial_eta_ci(stat, float(table["df_diff"].iloc[1]), float(inter.df_resid))
    else:
        stat = float(2 * (inter.llf - add.llf))
        dfd = float(inter.df_model - add.df_model)
        p, name = float(stats.chi2.sf(stat, dfd)), "LR chi2"
        test, effect, measure = "likelihood-ratio test of the interaction", None, None
        ci = [None, None]
    strata = []
    if terms[1][3] != "numeric":
        sub = df[[outcome, exposure, by]].dropna()
        for lv in _levels(sub[by].map(label)):
            part = sub[sub[by].map(label) == lv]
            if len(part) < 20:
                continue
            try:
                d2, t2, _ = _frame(part, profile, outcome, exposure, [], family, None)
                m2 = _glm(d2, "r ~ " + t2[0][2], fam2)
                e2 = _effect(m2, t2[0], fam2, t2[0][3])
                strata.append({"level": lv, "n": int(len(d2)), "effect": e2["effect"],
                               "ci": e2["ci"], "p": e2["p"], "measure": e2["measure"]})
            except Exception as err:  # noqa: BLE001
                strata.append({"level": lv, "n": int(len(part)), "error": str(err)})
    return {"by": by, "test": test, "statistic": stat, "statistic_name": name, "p": p,
            "effect": effect, "measure": measure, "ci": ci, "n": int(len(data)),
            "strata": strata, "verdict": "differs" if p < alpha else "consistent"}


def _partial_eta_ci(f, df1, df2, level=0.95):
    """The CI of a partial eta squared from its F test, by inverting the noncentral F in its
    noncentrality (Steiger 2004): partial eta squared = lambda / (lambda + df1 + df2 + 1)."""
    from scipy.optimize import brentq
    if not (math.isfinite(f) and df1 > 0 and df2 > 0):
        return [None, None]

    def bound(target):
        def gap(lam):
            return float(stats.ncf.cdf(f, df1, df2, lam)) - target
        if gap(0.0) <= 0:
            return 0.0
        hi = max(10.0, 2 * f * df1)
        while gap(hi) > 0 and hi < 1e7:
            hi *= 2
        return float(brentq(gap, 0.0, hi, xtol=1e-10))
    tail = (1 - level) / 2
    lo, hi = bound(1 - tail), bound(tail)
    return [lo / (lo + df1 + df2 + 1), hi / (hi + df1 + df2 + 1)]


def _mediation(df, profile, outcome, exposure, mediator, adjust, rng, bootstrap):
    """The indirect effect of the exposure through the mediator (product of coefficients, linear
    models, a binary variable as 0/1), its percentile bootstrap CI, the direct and total effects
    and the share mediated; the test of the run is Sobel's."""
    sub = df[[outcome, exposure, mediator] + adjust].dropna()
    def num(s):
        if pd.api.types.is_numeric_dtype(s) and s.nunique() > 2:
            return pd.to_numeric(s).astype(float).to_numpy()
        lv = _levels(s.map(label))
        return (s.map(label) == lv[-1]).astype(float).to_numpy()
    y, x, m = num(sub[outcome]), num(sub[exposure]), num(sub[mediator])
    covs = [num(sub[a]) for a in adjust]
    n = len(y)

    def paths(idx):
        X1 = np.column_stack([np.ones(len(idx)), x[idx]] + [c[idx] for c in covs])
        a_coef = np.linalg.lstsq(X1, m[idx], rcond=None)[0][1]
        X2 = np.column_stack([np.ones(len(idx)), x[idx], m[idx]] + [c[idx] for c in covs])
        coefs = np.linalg.lstsq(X2, y[idx], rcond=None)[0]
        total = np.linalg.lstsq(X1, y[idx], rcond=None)[0][1]
        return a_coef, coefs[2], coefs[1], total

    full = np.arange(n)
    a, b, direct, total = paths(full)
    Xa = sm.add_constant(np.column_stack([x] + covs))
    ma = sm.OLS(m, Xa).fit()
    mb = sm.OLS(y, sm.add_constant(np.column_stack([x, m] + covs))).fit()
    se_a, se_b = float(ma.bse[1]), float(mb.bse[2])
    sobel_se = math.sqrt(b * b * se_a * se_a + a * a * se_b * se_b)
    z = a * b / sobel_se if sobel_se > 0 else 0.0
    p = float(2 * stats.norm.sf(abs(z)))
    bootstrap = resamples(bootstrap, n)
    boots = [np.prod(paths(rng.integers(0, n, n))[:2]) for _ in range(bootstrap)]
    lo, hi = percentile_ci(boots)
    share = a * b / total if total else None
    return {"through": mediator, "test": "Sobel test of the indirect effect", "statistic": z,
            "statistic_name": "z", "p": p, "effect": a * b, "measure": "indirect effect",
            "ci": [lo, hi], "n": int(n), "a": a, "b": b, "direct": direct, "total": total,
            "share_mediated": share, "bootstrap": bootstrap}


def print_question(res):
    print(f"Question: how is {res['x']} related to {res['y']}? (n = {res.get('n')}"
          + (f" of {res['rows']} rows; {res['dropped_missing']} with a missing value left out"
             if res.get("dropped_missing") else "") + ")")
    if res.get("missing"):
        print("  missing values: " + ", ".join(f"{k} {v}" for k, v in res["missing"].items()))
    print(f"  model: {res.get('family_model')}"
          + (f" (Poisson dispersion {fmt(res['dispersion'])})" if res.get("dispersion") else ""))
    for t in res["tests"]:
        ci = t.get("ci") or [None, None]
        ci_text = f", 95% CI {fmt(ci[0])} to {fmt(ci[1])}" if ci[0] is not None else ""
        eff = f"{t['measure']} = {fmt(t['effect'])}{ci_text}; " if t.get("measure") else ""
        print(f"  {t['part']}{(' ' + t['detail']) if t['detail'] else ''}"
              + (f" ({t['contrast']})" if t.get("contrast") else "") + f": {eff}"
              f"{t.get('statistic_name')} = {fmt(t.get('statistic'))}, p = {fmt_p(t.get('p'))}")
    u = res.get("unadjusted") or {}
    if u.get("levels"):
        for lv, e in u["levels"].items():
            val = e.get("ratio", e.get("coef"))
            print(f"    {res['x']} = {lv} against the most frequent level: {fmt(val)} "
                  f"(95% CI {fmt(e['ci'][0])} to {fmt(e['ci'][1])}), p = {fmt_p(e['p'])}")
    if "coef" in u and "coef_ci" in u:
        print(f"  coefficient of {res['x']} ({u['coef_unit']}): {fmt(u['coef'])} "
              f"(95% CI {fmt(u['coef_ci'][0])} to {fmt(u['coef_ci'][1])})")
    s = res.get("sensitivity") or {}
    if s.get("needed") and "effect" in s:
        print(f"  with incomplete rows kept ({s['why']}; n = {s['n']}): {s['measure']} = "
              f"{fmt(s['effect'])} (95% CI {fmt(s['ci'][0])} to {fmt(s['ci'][1])}), "
              f"p = {fmt_p(s['p'])}")
    for mod in res.get("moderation", []):
        for st in mod["strata"]:
            if "effect" in st:
                print(f"    {mod['by']} = {st['level']} (n = {st['n']}): {st['measure']} = "
                      f"{fmt(st['effect'])} (95% CI {fmt(st['ci'][0])} to {fmt(st['ci'][1])}), "
                      f"p = {fmt_p(st['p'])}")
    for med in res.get("mediation", []):
        share = med["share_mediated"]
        print(f"    through {med['through']}: indirect {fmt(med['effect'])} (bootstrap 95% CI "
              f"{fmt(med['ci'][0])} to {fmt(med['ci'][1])}), direct {fmt(med['direct'])}, total "
              f"{fmt(med['total'])}" + (f", {share:.0%} mediated" if share is not None else ""))


def test_interaction(df, profile, outcome, a, b, seed, alpha=ALPHA):
    """Whether the association of `a` with the outcome differs by `b`: the interaction of two of
    the outcome's strongest predictors in a model that fits the outcome, with the effect of `a`
    within each level of a grouping `b`. One test of the run."""
    family = outcome_family(df, profile, outcome)
    base = dict(type="interaction", dataset=profile["dataset"], x=a, y=outcome, by=b, seed=seed)
    if family is None:
        res = dict(base, error=f"{outcome} has more than two categories; no interaction model")
        print(res["error"])
        emit(res)
        return res
    fam = "ols" if family == "ols" else ("logit" if family == "logit" else "poisson")
    try:
        mod = _moderation(df, profile, outcome, a, b, family, fam, alpha)
    except Exception as e:  # noqa: BLE001 - separation, singular designs: reported as data
        res = dict(base, error=f"the interaction model could not be fit: {e}")
        print(res["error"])
        emit(res)
        return res
    res = dict(base, **{k: v for k, v in mod.items() if k != "by"})
    res["test"] = f"{mod['test']} ({_model_words(fam, None)}): {a} x {b} on {outcome}"
    res["direction"] = "unspecified" if mod["p"] < alpha else "none"
    res["r_equivalent"] = math.sqrt(mod["effect"]) if mod.get("effect") else None
    res["describe"] = f"the association of {a} with {outcome} differs by {b}"
    print(f"{a} x {b} on {outcome} (n = {res['n']}): {res['statistic_name']} = "
          f"{fmt(res['statistic'])}, p = {fmt_p(res['p'])}")
    for st in res["strata"]:
        if "effect" in st:
            print(f"  {b} = {st['level']} (n = {st['n']}): {st['measure']} = {fmt(st['effect'])} "
                  f"(95% CI {fmt(st['ci'][0])} to {fmt(st['ci'][1])}), p = {fmt_p(st['p'])}")
    print("=> " + (f"the association of {a} with {outcome} differs by {b}" if mod["p"] < alpha
                   else f"no evidence that the association of {a} with {outcome} differs by {b}"))
    emit(res)
    return res


def plot_question(df, profile, res):
    """The asked-about relation: the outcome against the exposure (scatter with a fit, or shares
    or boxes by group), and the effect unadjusted, adjusted and per subgroup as a forest plot."""
    rows = [("unadjusted", res.get("unadjusted") or {})]
    if res.get("adjusted"):
        rows.append(("adjusted for " + ", ".join(res["adjusted"]["adjusted_for"]),
                     res["adjusted"]))
    for mod in res.get("moderation", []):
        for st in mod["strata"]:
            if "effect" in st:
                rows.append((f"{mod['by']} = {st['level']}", st))
    rows = [(n_, e) for n_, e in rows if e.get("effect") is not None]
    if not rows:
        return
    fig, ax = plt.subplots(figsize=(6.4, 0.55 * len(rows) + 1.6), dpi=100)
    for i, (name, e) in enumerate(reversed(rows)):
        ci = e.get("ci") or [None, None]
        lo, hi = (ci if ci[0] is not None else (e["effect"], e["effect"]))
        ax.plot([lo, hi], [i, i], color="#4c72b0", lw=2)
        ax.plot([e["effect"]], [i], "o", color="#c44e52")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r[0] for r in reversed(rows)], fontsize=8)
    measure = rows[0][1].get("measure") or ""
    ax.axvline(1.0 if measure.startswith(("odds", "rate")) else 0.0, color="grey", ls="--", lw=1)
    ax.set_xlabel(measure)
    ax.set_title(f"{res['x']} and {res['y']}: {res.get('family_model', '')}", fontsize=9)
    show_figure(fig)
