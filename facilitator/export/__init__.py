"""Export formats of the cycle summary. Each module renders only a `CycleSummary`.

Nothing here is imported on the way to the app's first screen.
"""

FORMATS = ("md", "html", "xlsx", "csv", "eml")
