#!/usr/bin/python3
"""Writes data/boston_split.json: the train/test split of keras.datasets.boston_housing.

Keras' `boston_housing.load_data(test_split=0.2, seed=113)` shuffles the 506 rows with
numpy's legacy generator and takes the first int(506 * 0.8) = 404 as training data:

    rng = np.random.RandomState(seed)
    indices = np.arange(len(x))
    rng.shuffle(indices)
    x = x[indices]; y = y[indices]
    x_train = x[: int(len(x) * (1 - test_split))]; x_test = x[int(len(x) * (1 - test_split)):]

The rows of data/boston_housing.csv are in the same order as Keras' file, so the same
permutation gives the same split. This script is run once, by hand, and its output is committed;
the course's loader reads the JSON and never needs Python.

Run with Debian's python and numpy (apt-get install python3-numpy):

    /usr/bin/python3 scripts/make-boston-split.py

It checks the first targets of both parts against the values Keras gives and stops if they differ.
"""

import csv
import json
import os
import sys

import numpy as np

SEED = 113
TEST_SPLIT = 0.2
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
CSV_PATH = os.path.join(REPO, "data", "boston_housing.csv")
OUT_PATH = os.path.join(REPO, "data", "boston_split.json")

# The first five targets (MEDV, $1000s) of keras.datasets.boston_housing.load_data().
EXPECTED_TRAIN = [15.2, 42.3, 50.0, 21.1, 17.7]
EXPECTED_TEST = [7.2, 18.8, 19.0, 27.0, 22.2]


def main() -> int:
    with open(CSV_PATH, newline="") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != 506:
        print(f"{CSV_PATH}: expected 506 data rows, found {len(rows)}", file=sys.stderr)
        return 1
    y = np.array([float(r["MEDV"]) for r in rows])

    rng = np.random.RandomState(SEED)
    indices = np.arange(len(rows))
    rng.shuffle(indices)
    n_train = int(len(rows) * (1 - TEST_SPLIT))
    train, test = indices[:n_train], indices[n_train:]

    got_train, got_test = y[train[:5]].tolist(), y[test[:5]].tolist()
    if got_train != EXPECTED_TRAIN or got_test != EXPECTED_TEST:
        print(
            f"split does not match Keras: first train targets {got_train} (expected {EXPECTED_TRAIN}), "
            f"first test targets {got_test} (expected {EXPECTED_TEST})",
            file=sys.stderr,
        )
        return 1

    out = {
        "seed": SEED,
        "testSplit": TEST_SPLIT,
        "train": [int(i) for i in train],
        "test": [int(i) for i in test],
        "source": (
            "keras.datasets.boston_housing.load_data(test_split=0.2, seed=113): "
            "np.random.RandomState(113).shuffle(np.arange(506)), first 404 rows train, last 102 test; "
            "indices are 0-based data rows of data/boston_housing.csv (header excluded)"
        ),
        "generatedBy": f"scripts/make-boston-split.py with numpy {np.__version__}",
    }
    with open(OUT_PATH, "w") as f:
        # One index list per line keeps the file short and its diffs readable.
        f.write("{\n")
        items = list(out.items())
        for k, (key, value) in enumerate(items):
            comma = "," if k < len(items) - 1 else ""
            f.write(f"  {json.dumps(key)}: {json.dumps(value)}{comma}\n")
        f.write("}\n")
    print(f"wrote {OUT_PATH}: {len(train)} train, {len(test)} test; first targets {got_train} / {got_test}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
