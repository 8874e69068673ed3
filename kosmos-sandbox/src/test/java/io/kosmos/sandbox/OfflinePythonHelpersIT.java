package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SessionOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The offline scientist's Python helpers in the real sandbox kernel, against reference numbers
 * computed in the same kernel by scipy and statsmodels directly, or by the textbook formula: the
 * tests, effect sizes, intervals, the profile's classification, determinism of the seeded
 * resampling, and figures the engine can save.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfflinePythonHelpersIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private DockerSandboxExecutor executor;
  private ExecutionSession session;

  @BeforeAll
  void open() throws IOException {
    executor = Sandbox.open();
    session = executor.openSession(SessionOptions.builder().timeout(Duration.ofMinutes(5)).build());
    StringBuilder helpers = new StringBuilder();
    for (String f : List.of("common.py", "tables.py", "pairs.py", "followups.py", "question.py")) {
      try (InputStream in =
          getClass().getResourceAsStream("/io/kosmos/core/team/offline/python/" + f)) {
        helpers.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append("\n\n");
      }
    }
    ExecutionResult r = session.execute(helpers.toString(), Duration.ofMinutes(2));
    assertThat(r.isOk()).as("helpers load: %s", r.error()).isTrue();
    ExecutionResult data =
        session.execute(
            """
            rng = np.random.default_rng(123)
            n = 300
            x = rng.normal(size=n)
            y = 0.4 * x + rng.normal(size=n)
            s = np.exp(rng.normal(size=n))
            t = s + rng.normal(size=n) * 0.5
            g = rng.integers(0, 2, n)
            v = 0.5 * g + rng.normal(size=n)
            u = np.exp(0.5 * g + rng.normal(size=n))
            k = rng.choice(["a", "b", "c"], n)
            w = (k == "c") * 0.6 + rng.normal(size=n)
            c1 = rng.integers(0, 2, n)
            c2 = np.where(rng.random(n) < 0.3, 1 - c1, c1)
            c3 = rng.choice(["p", "q", "r"], n)
            c4 = np.where(rng.random(n) < 0.5, c3, rng.choice(["p", "q", "r"], n))
            rare = np.where(np.arange(n) < 6, 1, 0)
            df = pd.DataFrame(dict(x=x, y=y, s=s, t=t, g=g, v=v, u=u, k=k, w=w, c1=c1, c2=c2,
                                   c3=c3, c4=c4, rare=rare))
            df["id"] = np.arange(1, n + 1)
            df["const"] = 7
            df["note"] = [f"free text number {i} about a patient" for i in range(n)]
            df["when"] = pd.date_range("2020-01-01", periods=n).astype(str)
            df["half"] = np.where(np.arange(n) % 2 == 0, np.nan, x)
            P = profile_table(df, "t.csv")
            """,
            Duration.ofMinutes(1));
    assertThat(data.isOk()).as("data: %s", data.error()).isTrue();
  }

  @AfterAll
  void close() {
    if (session != null) {
      session.close();
    }
    if (executor != null) {
      executor.close();
    }
  }

  /** Runs code that builds a dict CHECKS of name -> [computed, reference]; returns the pairs. */
  private JsonNode checks(String code) throws IOException {
    ExecutionResult r =
        session.execute(
            "CHECKS = {}\n" + code + "\nprint('CHECKS ' + json.dumps(_clean(CHECKS)))",
            Duration.ofMinutes(2));
    assertThat(r.isOk()).as("checks: %s\n%s", r.error(), r.stdout()).isTrue();
    String line = r.stdout().lines().filter(l -> l.startsWith("CHECKS ")).findFirst().orElseThrow();
    return JSON.readTree(line.substring("CHECKS ".length()));
  }

  private static void assertClose(JsonNode checks) {
    List<String> off = new ArrayList<>();
    for (var it = checks.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      double got = e.getValue().get(0).asDouble();
      double want = e.getValue().get(1).asDouble();
      if (!(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)))) {
        off.add(e.getKey() + ": " + got + " != " + want);
      }
    }
    assertThat(off).as("values off their reference").isEmpty();
    assertThat(checks.size()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void correlationsMatchScipyAndTheirIntervals() throws IOException {
    assertClose(
        checks(
            """
            r = test_pair(df, P, "x", "y", seed=1)
            assert r["test"] == "Pearson correlation", r["test"]
            ref = stats.pearsonr(df.x, df.y)
            CHECKS["r"] = [r["effect"], ref[0]]
            CHECKS["p"] = [r["p"], ref[1]]
            z = math.atanh(ref[0]); se = 1 / math.sqrt(n - 3)
            CHECKS["ci_lo"] = [r["ci"][0], math.tanh(z - 1.959963984540054 * se)]
            CHECKS["ci_hi"] = [r["ci"][1], math.tanh(z + 1.959963984540054 * se)]
            rs = test_pair(df, P, "s", "t", seed=1)
            assert rs["test"] == "Spearman correlation", rs["test"]
            ref = stats.spearmanr(df.s, df.t)
            CHECKS["rho"] = [rs["effect"], ref[0]]
            CHECKS["rho_p"] = [rs["p"], ref[1]]
            se = math.sqrt((1 + ref[0] ** 2 / 2) / (n - 3))
            CHECKS["rho_ci_lo"] = [rs["ci"][0], math.tanh(math.atanh(ref[0]) - 1.959963984540054 * se)]
            """));
  }

  @Test
  void groupComparisonsMatchScipyAndTheTextbookEffectSizes() throws IOException {
    assertClose(
        checks(
            """
            r = test_pair(df, P, "g", "v", seed=2)
            assert r["test"] == "Welch's t-test", r["test"]
            a, b = df.v[df.g == 0].to_numpy(), df.v[df.g == 1].to_numpy()
            ref = stats.ttest_ind(b, a, equal_var=False)
            CHECKS["t"] = [r["statistic"], ref.statistic]
            CHECKS["t_p"] = [r["p"], ref.pvalue]
            n1, n2 = len(a), len(b)
            sp = math.sqrt(((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / (n1 + n2 - 2))
            g_ref = (b.mean() - a.mean()) / sp * (1 - 3 / (4 * (n1 + n2) - 9))
            CHECKS["hedges_g"] = [r["effect"], g_ref]
            m = test_pair(df, P, "g", "u", seed=2)
            assert m["test"] == "Mann-Whitney U test", m["test"]
            a, b = df.u[df.g == 0].to_numpy(), df.u[df.g == 1].to_numpy()
            ref = stats.mannwhitneyu(b, a, alternative="two-sided")
            CHECKS["U"] = [m["statistic"], ref.statistic]
            CHECKS["U_p"] = [m["p"], ref.pvalue]
            CHECKS["rank_biserial"] = [m["effect"], 2 * ref.statistic / (len(a) * len(b)) - 1]
            k3 = test_pair(df, P, "k", "w", seed=3)
            groups = [df.w[df.k == lv].to_numpy() for lv in ["a", "b", "c"]]
            if k3["test"] == "one-way ANOVA":
                ref = stats.f_oneway(*groups)
            else:
                from statsmodels.stats.oneway import anova_oneway
                ref = anova_oneway(groups, use_var="unequal")
            CHECKS["F"] = [k3["statistic"], float(ref.statistic)]
            CHECKS["F_p"] = [k3["p"], float(ref.pvalue)]
            grand = df.w.mean()
            ssb = sum(len(x_) * (x_.mean() - grand) ** 2 for x_ in groups)
            CHECKS["eta2"] = [k3["effect"], ssb / ((df.w - grand) ** 2).sum()]
            """));
  }

  @Test
  void tablesMatchScipyAndWoolfsInterval() throws IOException {
    assertClose(
        checks(
            """
            r = test_pair(df, P, "c1", "c2", seed=4)
            tab = pd.crosstab(df.c1, df.c2).to_numpy()
            ref = stats.chi2_contingency(tab, correction=False)
            CHECKS["chi2"] = [r["statistic"], ref[0]]
            CHECKS["chi2_p"] = [r["p"], ref[1]]
            orr = tab[0, 0] * tab[1, 1] / (tab[0, 1] * tab[1, 0])
            se = math.sqrt((1 / tab).sum())
            CHECKS["or"] = [r["effect"], orr]
            CHECKS["or_lo"] = [r["ci"][0], math.exp(math.log(orr) - 1.959963984540054 * se)]
            r2 = test_pair(df, P, "c3", "c4", seed=4)
            tab = pd.crosstab(df.c3, df.c4).to_numpy()
            ref = stats.chi2_contingency(tab, correction=False)
            CHECKS["chi2_3x3"] = [r2["statistic"], ref[0]]
            CHECKS["cramers_v"] = [r2["effect"], math.sqrt(ref[0] / (tab.sum() * 2))]
            f = test_pair(df, P, "rare", "c1", seed=4)
            assert f["test"] == "Fisher's exact test", f["test"]
            tab = pd.crosstab(df.rare, df.c1).to_numpy()
            CHECKS["fisher_p"] = [f["p"], stats.fisher_exact(tab)[1]]
            """));
  }

  @Test
  void adjustmentMatchesAPartialCorrelationFromResiduals() throws IOException {
    assertClose(
        checks(
            """
            rng2 = np.random.default_rng(5)
            zz = rng2.normal(size=800)
            aa = 0.6 * zz + 0.8 * rng2.normal(size=800)
            yy = 0.4 * zz + rng2.normal(size=800)
            d2 = pd.DataFrame(dict(a=aa, y=yy, z=zz))
            p2 = profile_table(d2, "c.csv")
            r = adjust_for_confounders(d2, p2, "a", "y", seed=6)
            assert r["verdict"] == "explained" and r["main_confounder"] == "z", r["verdict"]
            ra = sm.OLS(d2.a, sm.add_constant(d2.z)).fit().resid
            ry = sm.OLS(d2.y, sm.add_constant(d2.z)).fit().resid
            CHECKS["partial_r"] = [r["effect"], float(np.corrcoef(ra, ry)[0, 1])]
            CHECKS["unadjusted_r"] = [r["unadjusted"]["effect"], stats.pearsonr(d2.a, d2.y)[0]]
            """));
  }

  @Test
  void theProfileSetsAsideWhatCannotBeTested() throws IOException {
    JsonNode c =
        checks(
            """
            kinds = {c["name"]: c["kind"] for c in P["columns"]}
            for name, kind in [("id", "identifier"), ("const", "constant"), ("note", "text"),
                               ("when", "datetime"), ("half", "continuous"), ("k", "categorical"),
                               ("g", "binary"), ("s", "continuous")]:
                CHECKS[name] = [kinds[name], kind]
            CHECKS["normal_x"] = [column_info(P, "x")["normal"], True]
            CHECKS["normal_s"] = [column_info(P, "s")["normal"], False]
            """);
    for (var it = c.fields(); it.hasNext(); ) {
      var e = it.next();
      assertThat(e.getValue().get(0)).as(e.getKey()).isEqualTo(e.getValue().get(1));
    }
  }

  @Test
  void resamplingIsSeededAndFiguresAreDisplayedAsPng() {
    ExecutionResult first =
        session.execute("R1 = test_pair(df, P, \"x\", \"y\", seed=42)", Duration.ofMinutes(1));
    ExecutionResult second =
        session.execute("R2 = test_pair(df, P, \"x\", \"y\", seed=42)", Duration.ofMinutes(1));
    assertThat(first.stdout()).contains("KOSMOS_RESULT").contains("perm_p");
    assertThat(second.stdout()).isEqualTo(first.stdout());
    ExecutionResult figure = session.execute("plot_pair(df, P, R1)", Duration.ofMinutes(1));
    assertThat(figure.isOk()).isTrue();
    assertThat(figure.images()).hasSize(1);
    assertThat(figure.images().getFirst())
        .startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  void aLargeTableIsResampledFewerTimesInPlaceAndItsScatterIsSampled() {
    ExecutionResult r =
        session.execute(
            """
            rng = np.random.default_rng(7)
            big_n = LARGE_N + 2000
            bx = rng.normal(size=big_n)
            big = pd.DataFrame(dict(bx=bx, by=0.3 * bx + rng.normal(size=big_n),
                                    bg=rng.choice(["a", "b", "c"], big_n)))
            big["bv"] = (big["bg"] == "c") * 0.4 + rng.normal(size=big_n)
            BP = profile_table(big, "big.csv")
            B1 = test_pair(big, BP, "bx", "by", seed=3)
            B2 = test_pair(big, BP, "bg", "bv", seed=3)
            B3 = check_robustness(big, BP, "bx", "by", seed=3)
            S1 = test_pair(df, P, "x", "y", seed=3)
            print("counts", B1["extra"]["permutations"], B1["extra"]["bootstrap"],
                  B2["extra"]["permutations"], B3["extra"]["permutations"],
                  S1["extra"]["permutations"], resamples(2000, big_n))
            print("null", len(B1["_null"]), len(B1["_boots"]), round(B1["extra"]["perm_p"], 6))
            print("label", shown_label("bx", big_n))
            """,
            Duration.ofMinutes(2));
    assertThat(r.isOk()).as("%s\n%s", r.error(), r.stdout()).isTrue();
    assertThat(r.stdout())
        .contains("counts 200 200 200 200 1000 200\n")
        .contains("null 200 200 0.004975\n") // the smallest p of 200 shuffles: 1/201
        .contains("label bx (5,000 of 12,000 points shown)\n")
        .contains("permutation p (200 shuffles of the real data)")
        .contains("bootstrap 95% CI (200 resamples)");
    ExecutionResult figure = session.execute("plot_pair(big, BP, B1)", Duration.ofMinutes(1));
    assertThat(figure.isOk()).as("%s", figure.error()).isTrue();
    assertThat(figure.images()).hasSize(1);
  }

  @Test
  void aFileReadAgainIsNotParsedAgainAndEachReaderGetsItsOwnCopy() throws IOException {
    JsonNode c =
        checks(
            """
            import tempfile, sys
            d = tempfile.mkdtemp()
            path = os.path.join(d, "again.csv")
            rows = "".join(f"{i},5;{i}\\n" for i in range(2, 30))
            with open(path, "w") as f:
                f.write("a;b\\n1,5;1\\n" + rows)
            T1, READ1 = read_table(path)
            T1.loc[0, "a"] = 99.0
            READ1["notes"].append("changed by the task")
            T2, READ2 = read_table(path)
            CHECKS["cached"] = [int(path in sys.modules["_kosmos_tables"].cache), 1]
            CHECKS["own copy"] = [float(T2.loc[0, "a"]), 1.5]
            CHECKS["own read"] = [len(READ2["notes"]), len(READ1["notes"]) - 1]
            with open(path, "w") as f:
                f.write("a;b\\n7,5;1\\n" + rows)
            T3, _ = read_table(path)
            CHECKS["new bytes read anew"] = [float(T3.loc[0, "a"]), 7.5]
            """);
    assertClose(c);
  }

  @Test
  void realTablesAreReadAsTheyAreAndAWidePanelIsReshaped() throws IOException {
    JsonNode c =
        checks(
            """
            import tempfile
            d = tempfile.mkdtemp()
            def put(name, text, enc="utf-8"):
                p = os.path.join(d, name)
                with open(p, "w", encoding=enc) as fh:
                    fh.write(text)
                return p
            semi = put("semi.csv", "id;height;weight\\n" + "".join(
                f"{i};{170 + i % 7},{i % 10};{60 + i % 5},5\\n" for i in range(1, 41)))
            tdf, tr = read_table(semi)
            CHECKS["semi_delimiter"] = [tr["delimiter"], "semicolon"]
            CHECKS["semi_decimal"] = [tr["decimal"], "comma"]
            CHECKS["semi_height"] = [float(tdf["height"].iloc[0]), 171.1]
            tsv = put("nls.tsv", '"CASE ID"\\t"SAMPLE_SEX"\\t"FAMILY SIZE"\\n' + "".join(
                f"{1000 + i}\\t{1 + i % 2}\\t{'' if i % 10 == 0 else 1 + i % 8}\\n"
                for i in range(60)))
            tdf, tr = read_table(tsv)
            tp = profile_table(tdf, "nls.tsv", reading=tr)
            kinds = {x["name"]: x["kind"] for x in tp["columns"]}
            CHECKS["case_id"] = [kinds["CASE ID"], "identifier"]
            CHECKS["sex"] = [kinds["SAMPLE_SEX"], "binary"]
            CHECKS["family_missing"] = [int(tdf["FAMILY SIZE"].isna().sum()), 6]
            years = [str(y) for y in range(2000, 2011)]
            rows = []
            for k, c in enumerate(["Aland", "Bolu", "Cira"]):
                for ind in ["GDP per capita", "Life expectancy"]:
                    rows.append(",".join([f'"{c}"', f'"{c[:3]}"', f'"{ind}"', '"X"']
                                         + [f'"{k * 10 + j}"' for j in range(len(years))]) + ",")
            wdi = put("wdi.csv", '"Data Source","WDI",\\n\\n"Last Updated Date","2024-01-01",\\n\\n'
                      + '"Country Name","Country Code","Indicator Name","Indicator Code",'
                      + ",".join(f'"{y}"' for y in years) + ",\\n" + "\\n".join(rows) + "\\n")
            tdf, tr = read_table(wdi)
            CHECKS["wide_rows"] = [int(tdf.shape[0]), 33]
            CHECKS["wide_columns"] = [list(tdf.columns),
                                      ["Country Name", "year", "GDP per capita", "Life expectancy"]]
            CHECKS["wide_value"] = [float(tdf[(tdf["Country Name"] == "Bolu") & (tdf["year"] == 2003)]
                                          ["GDP per capita"].iloc[0]), 13.0]
            CHECKS["preamble"] = [tr["preamble_lines"], 4]
            rdf = put("r.csv", '"","Ozone","Temp"\\n' + "".join(
                f'"{i}",{"NA" if i % 7 == 0 else i % 40},{60 + i % 30}\\n' for i in range(1, 41)))
            tdf, tr = read_table(rdf)
            tp = profile_table(tdf, "r.csv", reading=tr)
            CHECKS["index"] = [column_info(tp, "Unnamed: 0")["kind"], "identifier"]
            CHECKS["ozone_missing"] = [int(tdf["Ozone"].isna().sum()), 5]
            kept = restrict_rows(tdf, tr, [{"column": "Temp", "op": "ge", "values": ["80"],
                                          "phrase": "when hot"}])
            CHECKS["restricted"] = [int(kept.shape[0]), int((tdf["Temp"] >= 80).sum())]
            """);
    for (var it = c.fields(); it.hasNext(); ) {
      var e = it.next();
      assertThat(e.getValue().get(0)).as(e.getKey()).isEqualTo(e.getValue().get(1));
    }
  }

  @Test
  void theQuestionsModelsMatchStatsmodelsFittedDirectly() throws IOException {
    assertClose(
        checks(
            """
            rq = np.random.default_rng(9)
            nq = 600
            xq = rq.normal(size=nq)
            tq = rq.integers(0, 2, nq)
            kq = rq.choice(["A", "B"], nq)
            yb = (rq.random(nq) < 1 / (1 + np.exp(-(0.7 * xq + 1.0 * tq * (kq == "B"))))).astype(int)
            yc = rq.poisson(np.exp(0.2 + 0.3 * xq))
            age = rq.uniform(20, 80, nq)
            yu = (rq.random(nq) < 1 / (1 + np.exp(-(1 - ((age - 50) / 15) ** 2)))).astype(int)
            dq = pd.DataFrame(dict(x=xq, t=tq, k=kq, yb=yb, yc=yc, age=age, yu=yu))
            pq = profile_table(dq, "q.csv")
            a = answer_question(dq, pq, "yb", "x", seed=1)
            ref = smf.logit("yb ~ xs", data=dq.assign(xs=(dq.x - dq.x.mean()) / dq.x.std())).fit(disp=0)
            CHECKS["or_per_sd"] = [a["effect"], math.exp(ref.params["xs"])]
            CHECKS["or_p"] = [a["p"], ref.pvalues["xs"]]
            c = answer_question(dq, pq, "yc", "x", seed=1)
            assert c["family_model"].startswith("Poisson"), c["family_model"]
            refc = smf.glm("yc ~ xs", data=dq.assign(xs=(dq.x - dq.x.mean()) / dq.x.std()),
                           family=sm.families.Poisson()).fit()
            CHECKS["rate_ratio"] = [c["effect"], math.exp(refc.params["xs"])]
            m = answer_question(dq, pq, "yb", "t", seed=1, moderators=["k"])
            inter = smf.logit("yb ~ C(t) * C(k)", data=dq).fit(disp=0)
            add = smf.logit("yb ~ C(t) + C(k)", data=dq).fit(disp=0)
            CHECKS["interaction_lr"] = [m["moderation"][0]["statistic"], 2 * (inter.llf - add.llf)]
            u = check_nonlinearity(dq, pq, "age", "yu", seed=1)
            assert u["verdict"] == "non-linear" and u["shape"].startswith("inverted-U"), u["shape"]
            CHECKS["line_misses_it"] = [float(u["extra"]["linear_p"] > 0.05), 1.0]
            CHECKS["vertex_near_50"] = [float(abs(u["vertex"] - 50) < 8), 1.0]
            """));
  }
}
