"""Source checks: rules with stable codes (`registry`), grouped by family, applied to a guide's
Document by `apply`. Importing the package loads no rule; `apply` does."""
