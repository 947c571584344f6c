"""The model's contract."""
import math

import pytest


def test_the_model_has_its_coefficients(model):
    assert set(model) == {"intercept", "wt", "hp"}


@pytest.mark.parametrize("index", range(3))
def test_predictions_are_plausible(model, test_data, predict, index):
    assert 5 < predict(model, test_data[index]) < 50


def test_the_model_is_accurate_on_the_test_data(model, test_data, predict):
    rmse = math.sqrt(sum((predict(model, car) - car["mpg"]) ** 2 for car in test_data) / len(test_data))
    assert rmse < 4


def test_heavier_cars_use_more_fuel(model, predict):
    assert predict(model, {"wt": 4, "hp": 110}) < predict(model, {"wt": 2, "hp": 110})
