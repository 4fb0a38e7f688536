"""Question banks: the YAML format, its loader and validator, and the catalog of banks.

Plain data in, plain data out: nothing here imports Flask or SQLAlchemy, so the scoring code,
the web app, the CLI and a notebook all read banks the same way.
"""

from .bank import Bank, ConsistencyPair
from .catalog import BankCatalog, discover_bank_files, load_bank_catalog
from .loader import lint_bank, load_bank
from .problems import BankValidationError, Problem
from .schema import (
    AttentionItem,
    Benchmark,
    Competency,
    ForcedChoiceItem,
    Item,
    LikertItem,
    Motivator,
    Pair,
    Requirement,
    ResponseFormat,
    SjtItem,
    SjtOption,
    Statement,
    ValidityScale,
)

__all__ = [
    "AttentionItem",
    "Bank",
    "BankCatalog",
    "BankValidationError",
    "Benchmark",
    "Competency",
    "ConsistencyPair",
    "ForcedChoiceItem",
    "Item",
    "LikertItem",
    "Motivator",
    "Pair",
    "Problem",
    "Requirement",
    "ResponseFormat",
    "SjtItem",
    "SjtOption",
    "Statement",
    "ValidityScale",
    "discover_bank_files",
    "lint_bank",
    "load_bank",
    "load_bank_catalog",
]
