"""Layer 4, report: charts (registry in ``charts``), figures, workbook, notebooks and the
``reproduce`` pipeline that makes every output from the raw files.
"""
