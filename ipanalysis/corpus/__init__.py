"""Layer 2, corpus: the catalogued files → merged, checked tables in data/processed.

assemble (catalog, hashes, merge of two sources, departments, expected counts) →
publish (Parquet, CSV, data dictionary) with a manifest of what they were made from.
"""
