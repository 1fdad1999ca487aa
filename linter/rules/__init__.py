"""Rule families: each module registers its rules with ``linter.registry.rule``."""
