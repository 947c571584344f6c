enum _PlaceholderKilnClient {}
