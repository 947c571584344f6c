# The model's contract. `model`, `test_data` and `predict_mpg` come from the test-runner notebook.

test_that("the model is a linear model of weight and horsepower", {
  expect_s3_class(model, "lm")
  expect_setequal(attr(terms(model), "term.labels"), c("wt", "hp"))
})

test_that("predictions are plausible fuel consumptions", {
  predicted <- predict_mpg(model, test_data)
  expect_length(predicted, nrow(test_data))
  expect_true(all(predicted > 5 & predicted < 50))
})

test_that("the model is accurate on the test data", {
  rmse <- sqrt(mean((predict_mpg(model, test_data) - test_data$mpg)^2))
  expect_lt(rmse, 4)
})

test_that("heavier cars use more fuel", {
  light <- predict_mpg(model, data.frame(wt = 2, hp = 110))
  heavy <- predict_mpg(model, data.frame(wt = 4, hp = 110))
  expect_lt(heavy, light)
})
