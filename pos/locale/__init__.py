"""Hindi and English for people: money and dates with Indian grouping, amounts in words."""
