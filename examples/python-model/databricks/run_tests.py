# Databricks notebook source
# MAGIC %md
# MAGIC # Model tests
# MAGIC Runs the pytest suite against this build's model and test data, and writes JUnit XML for the CI.

# COMMAND ----------

dbutils.widgets.text("model_path", "")
dbutils.widgets.text("tests_path", "")
dbutils.widgets.text("data_test_path", "")
dbutils.widgets.text("results_path", "")
dbutils.widgets.text("build_number", "local")

# COMMAND ----------

# MAGIC %run ./model

# COMMAND ----------

import csv
import os

import pytest

model = load_model(dbutils.widgets.get("model_path"))
with open(local_path(dbutils.widgets.get("data_test_path")), newline="") as source:
    test_data = [{key: float(value) for key, value in row.items()} for row in csv.DictReader(source)]
results_path = local_path(dbutils.widgets.get("results_path"))
os.makedirs(os.path.dirname(results_path), exist_ok=True)

print("Testing build", dbutils.widgets.get("build_number"))
# The tests reach model, test_data and predict_mpg through __main__, the notebook's namespace.
exit_code = pytest.main([local_path(dbutils.widgets.get("tests_path")), "-p", "no:cacheprovider", f"--junitxml={results_path}"])

# COMMAND ----------

dbutils.notebook.exit(f"pytest exit code {int(exit_code)}")
