"""Widgets of the browser.  They post small messages upward; screens decide what happens."""
