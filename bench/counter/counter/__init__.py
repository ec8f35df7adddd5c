"""The counter app the benchmarks compare the product against."""
