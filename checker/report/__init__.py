"""Renderers: a result (the plancheck/result/v1 dict) or report facts → text/json/md/html/junit/xlsx.

This package is the only place that imports rich.
"""
