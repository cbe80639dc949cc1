"""Layer 1, parse: one raw file → a ``Document`` (its tables and warnings).

decode (bytes → text) → text (one normalisation) → layouts (one reader per layout) →
task_list / work_guide (the grammars, by structure markers) → document (tables).
"""
