# Databricks notebook source
# MAGIC %md
# MAGIC # Inference
# MAGIC Loads the fuel-consumption model and predicts miles per gallon from weight and horsepower.

# COMMAND ----------

# Storage paths arrive as dbfs:/…; R reads them through the /dbfs mount of the cluster.
local_path <- function(path) sub("^dbfs:/", "/dbfs/", path)

load_model <- function(path) readRDS(local_path(path))

predict_mpg <- function(model, cars) as.numeric(predict(model, newdata = cars))
