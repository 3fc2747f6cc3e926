"""The forms of an id, a date and a language code, as regular expressions.

Declared in `tui.schema` (which re-exports them, and whose JSON Schema publishes them) and
kept here, apart from the schema's records, so that what only needs a form (the store's
decoder, the search's "is this an id?") does not build the whole schema to get it.
"""

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
LANG_PATTERN = r"^[a-z]{2,3}$"
