"""Screens of the browser: the browser itself and the modal search, filter and help screens."""
