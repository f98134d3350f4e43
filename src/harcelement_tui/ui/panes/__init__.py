"""The tabs' contents: one module per tab."""
