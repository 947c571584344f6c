enum _PlaceholderKilnPipeline {}
