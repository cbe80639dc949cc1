"""Layer 1, parse: one raw file → a ``Document`` (its tables and warnings).

decode (bytes → text) → text (one normalisation) → layouts / table_layouts (one reader per
layout, giving ``marked`` text) → task_list / work_guide (the grammars, by structure
markers) → rows (tables, names resolved by ``resolve``) → document (the whole run).
"""
