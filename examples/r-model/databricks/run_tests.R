# Databricks notebook source
# MAGIC %md
# MAGIC # Model tests
# MAGIC Runs the testthat suite against this build's model and test data, and writes JUnit XML for the CI.

# COMMAND ----------

dbutils.widgets.text("model_path", "")
dbutils.widgets.text("tests_path", "")
dbutils.widgets.text("data_test_path", "")
dbutils.widgets.text("results_path", "")
dbutils.widgets.text("build_number", "local")

# COMMAND ----------

# MAGIC %run ./inference

# COMMAND ----------

library(testthat)

model <- load_model(dbutils.widgets.get("model_path"))
test_data <- read.csv(local_path(dbutils.widgets.get("data_test_path")))
results_path <- local_path(dbutils.widgets.get("results_path"))
dir.create(dirname(results_path), recursive = TRUE, showWarnings = FALSE)

cat("Testing build", dbutils.widgets.get("build_number"), "\n")
results <- as.data.frame(test_dir(
  local_path(dbutils.widgets.get("tests_path")),
  reporter = MultiReporter$new(list(SummaryReporter$new(show_praise = FALSE), JunitReporter$new(file = results_path))),
  stop_on_failure = FALSE
))

# COMMAND ----------

dbutils.notebook.exit(sprintf("%d expectations, %d failed", sum(results$nb), sum(results$failed)))
