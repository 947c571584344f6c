"""Trains the example model and saves it as models/model.json: fuel consumption (mpg) from weight
(wt, 1000 lbs) and horsepower (hp), ordinary least squares on data/train.csv (R's mtcars).

Run from examples/python-model: python3 models/train.py
"""
import csv
import json


def solve(matrix, vector):
    """Solves a small linear system by Gaussian elimination (no third-party packages needed)."""
    size = len(vector)
    rows = [list(map(float, row)) + [float(value)] for row, value in zip(matrix, vector)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(rows[r][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for r in range(size):
            if r != column:
                factor = rows[r][column] / rows[column][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column])]
    return [rows[i][size] / rows[i][i] for i in range(size)]


with open("data/train.csv", newline="") as source:
    cars = list(csv.DictReader(source))
features = [[1.0, float(car["wt"]), float(car["hp"])] for car in cars]
target = [float(car["mpg"]) for car in cars]
normal = [[sum(a[i] * a[j] for a in features) for j in range(3)] for i in range(3)]
moments = [sum(a[i] * y for a, y in zip(features, target)) for i in range(3)]
intercept, wt, hp = solve(normal, moments)
with open("models/model.json", "w") as out:
    json.dump({"intercept": round(intercept, 6), "wt": round(wt, 6), "hp": round(hp, 6)}, out, indent=2)
    out.write("\n")
