"""The stages as a script: `build.py` runs load → validate → compute → render → publish (and
interleaves validation with compute on large datasets); `serve.py` runs the same with a memo
and live reload. The only place that decides what runs beside what. Imports the stages and the
machinery; imported by `workflow/` and `cli/` only.
"""
