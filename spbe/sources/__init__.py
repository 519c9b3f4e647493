"""Where the data comes from: official decrees and news."""
