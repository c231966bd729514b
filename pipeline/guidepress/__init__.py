"""guidepress: accessible editions of guides, checked, from canonical Markdown."""

__version__ = "0.1.0"
