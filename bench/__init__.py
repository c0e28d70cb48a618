"""The benchmark harness (issue 7). Not part of the product: nothing in the apps imports it."""
