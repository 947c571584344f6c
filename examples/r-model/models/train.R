# Trains the example model and saves it as models/model.rds: fuel consumption (mpg) from weight
# (wt, 1000 lbs) and horsepower (hp), a linear model on R's own mtcars data set.
# Run from examples/r-model: Rscript models/train.R
model <- lm(mpg ~ wt + hp, data = mtcars)
saveRDS(model, "models/model.rds")
write.csv(mtcars[c("Mazda RX4", "Datsun 710", "Hornet 4 Drive", "Valiant", "Merc 240D", "Fiat 128",
                   "Honda Civic", "Toyota Corolla", "Camaro Z28", "Volvo 142E"), c("mpg", "wt", "hp")],
          "data/test.csv", row.names = FALSE)
