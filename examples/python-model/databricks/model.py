# Databricks notebook source
# MAGIC %md
# MAGIC # Model
# MAGIC Loads the fuel-consumption model and predicts miles per gallon from weight and horsepower.

# COMMAND ----------

import json
import re


def local_path(path):
    """Storage paths arrive as dbfs:/…; Python reads them through the cluster's /dbfs mount."""
    return re.sub(r"^dbfs:/", "/dbfs/", path)


def load_model(path):
    with open(local_path(path)) as source:
        return json.load(source)


def predict_mpg(model, weight, horsepower):
    return model["intercept"] + model["wt"] * weight + model["hp"] * horsepower
