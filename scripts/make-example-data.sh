#!/usr/bin/env bash
# make-example-data.sh - regenerate kosmos-examples/data/diabetes.csv and its data dictionary
# from the copy of the diabetes data that ships with scikit-learn inside the executor image.
#
#   scripts/make-example-data.sh            writes kosmos-examples/data/diabetes.csv and
#                                           kosmos-examples/data/diabetes.dictionary.csv
#
# The data are the raw (unscaled) values of Efron, Hastie, Johnstone and Tibshirani (2004),
# "Least Angle Regression", Annals of Statistics 32(2), 407-499: 442 patients, ten baseline
# variables and a quantitative measure of disease progression one year later. The columns are
# renamed to readable names; no value is changed. See kosmos-examples/data/README.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/kosmos-examples/data"
image="${KOSMOS_EXECUTOR_IMAGE:-kosmos-executor:latest}"
mkdir -p "$out"

docker run --rm -i --network none --read-only --tmpfs /tmp \
  --tmpfs /out:uid=1000,gid=1000 --entrypoint python3 "$image" - > "$out/.bundle.txt" <<'PY'
import csv, io, sys
from sklearn.datasets import load_diabetes

d = load_diabetes(scaled=False, as_frame=True)
frame = d.frame
columns = [
    ("age", "age", "age in years"),
    ("sex", "sex", "sex, coded 1 or 2 (the source does not say which code is which)"),
    ("bmi", "bmi", "body mass index"),
    ("bp", "blood_pressure", "average blood pressure"),
    ("s1", "total_cholesterol", "tc: total serum cholesterol"),
    ("s2", "ldl", "ldl: low-density lipoproteins"),
    ("s3", "hdl", "hdl: high-density lipoproteins"),
    ("s4", "cholesterol_hdl_ratio", "tch: total cholesterol / HDL"),
    ("s5", "log_triglycerides", "ltg: possibly the log of the serum triglycerides level"),
    ("s6", "glucose", "glu: blood sugar level"),
    ("target", "disease_progression",
     "a quantitative measure of disease progression one year after baseline"),
]
frame = frame[[c[0] for c in columns]]
frame.columns = [c[1] for c in columns]
data = io.StringIO()
frame.to_csv(data, index=False, float_format="%.10g", lineterminator="\n")
dictionary = io.StringIO()
w = csv.writer(dictionary, lineterminator="\n")
w.writerow(["column", "description"])
for _, name, description in columns:
    w.writerow([name, description])
sys.stdout.write("=== diabetes.csv\n" + data.getvalue())
sys.stdout.write("=== diabetes.dictionary.csv\n" + dictionary.getvalue())
PY

awk -v out="$out" '
  /^=== / { file = out "/" $2; printf "" > file; next }
  { print >> file }
' "$out/.bundle.txt"
rm -f "$out/.bundle.txt"
echo "wrote $out/diabetes.csv ($(($(wc -l < "$out/diabetes.csv") - 1)) rows) and $out/diabetes.dictionary.csv" >&2
