"""Tổng hợp: the province's mode of the program, over ward submission
packages (window, item models, drill-down, the expected units)."""
