"""Synthetic documents for tests, benchmarks and the demo: guidelines and reports whose
correct reading is known (`generator.generate_report(...).expected`).  Not part of the
reading engine: nothing under tonghop/ except the demo and `tonghop generate` uses it."""
