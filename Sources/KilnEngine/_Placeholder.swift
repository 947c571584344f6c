enum _PlaceholderKilnEngine {}
