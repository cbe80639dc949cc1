"""Layer 3, analysis: departments and actors, quantitative targets, themes.

Each function takes the corpus tables (or loads them) and returns a tidy DataFrame.
"""
