"""guidepress: accessible HTML, PDF, EPUB and plain-text guides from canonical Markdown."""

__version__ = "0.1.0"
