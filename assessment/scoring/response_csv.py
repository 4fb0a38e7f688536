"""The responses CSV every scoring command reads and `simulate` writes.

A header row; the first column `respondent_id`; then one column per item id holding the raw
response code as the bank defines it (blank for missing; "most,least" for forced-choice blocks
that ask for both). Columns may come in any order and items may be left out (all missing).
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..banks import Bank
from .encoding import ResponseCodeError, decode, encode

ID_COLUMN = "respondent_id"


class ResponseFileError(ValueError):
    """The file cannot be read as responses to this bank; the message names the file and why."""


@dataclass(frozen=True)
class Responses:
    """Respondent ids and their numeric response codes (see `encoding`)."""

    respondent_ids: tuple[str, ...]
    codes: np.ndarray


def read_responses(path: str | os.PathLike[str], bank: Bank) -> Responses:
    """Read and check a responses CSV against a bank."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            _check_header(path, header, bank)
            rows = list(reader)
    except OSError as error:
        raise ResponseFileError(f"{path}: cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise ResponseFileError(f"{path}: is not UTF-8 text") from None
    except csv.Error as error:
        raise ResponseFileError(f"{path}: is not a readable CSV file ({error})") from None
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise ResponseFileError(f"{path}: line {number} has more fields than the header")
    ids = [row[ID_COLUMN] for row in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ResponseFileError(f"{path}: respondent_id repeated: {', '.join(duplicates[:5])}")
    answers = [{key: value for key, value in row.items() if key != ID_COLUMN} for row in rows]
    try:
        codes = encode(bank, answers, ids)
    except ResponseCodeError as error:
        raise ResponseFileError(f"{path}: {error}") from None
    return Responses(tuple(ids), codes)


def write_responses(path: str | os.PathLike[str], bank: Bank, responses: Responses) -> None:
    """Write responses in the same format `read_responses` reads."""
    item_ids = [item.id for item in bank.items]
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([ID_COLUMN, *item_ids])
        for respondent, answers in zip(responses.respondent_ids, decode(bank, responses.codes)):
            writer.writerow([respondent, *(answers.get(item_id, "") for item_id in item_ids)])


def _check_header(path: Path, header: list[str], bank: Bank) -> None:
    if not header or header[0] != ID_COLUMN:
        raise ResponseFileError(f"{path}: the first column must be '{ID_COLUMN}'")
    known = {item.id for item in bank.items}
    unknown = [name for name in header[1:] if name not in known]
    if unknown:
        raise ResponseFileError(f"{path}: column(s) not in bank {bank.id}: {', '.join(unknown[:10])}")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise ResponseFileError(f"{path}: column(s) repeated: {', '.join(repeated)}")
