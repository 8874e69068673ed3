# Template for seasonal-decomposition: replace the column names with the task's own.
import pandas as pd

def run(df: pd.DataFrame, x: str, y: str):
    return df[[x, y]].dropna().describe()
