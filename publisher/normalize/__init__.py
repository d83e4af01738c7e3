"""Stage 3: rules that find what is wrong in a project's prose and records, with fixes.

Rule families live in one module each (`script`, `lang`, `punct`, `term`, `number`,
`campaign`) as pure functions; `publisher.normalize.registry` is the one table that gives each
its code, severity, fix availability and the languages it applies to.
"""
