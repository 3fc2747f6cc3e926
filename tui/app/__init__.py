"""The Textual browser.  Only `facts browse` imports this package."""
