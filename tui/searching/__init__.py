"""The parts of the search engine behind `tui.search`: text folding, the query language, the
fields each entity offers, bit sets, typo matching, snippets.  Nothing here imports Textual.
"""
