"""Item analysis and reliability: hand-computed examples, a psych value, and the CLI.

The expected numbers are worked out in the tests themselves, step by step from the data, and
never copied from the implementation's output.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from assessment.banks import load_bank
from assessment.scoring import reliability
from assessment.scoring.encoding import ColumnLayout
from assessment.scoring.item_analysis import METHOD, item_analysis
from assessment.scoring.response_csv import Responses, write_responses

FIXTURES = Path(__file__).parent.parent / "banks" / "fixtures"
INVENTORY = FIXTURES / "personality_inventory.yaml"
MINI_SALES = FIXTURES / "mini_sales" / "mini_sales.yaml"

# Keyed scores of 5 respondents on the inventory's organisation scale (org_01 +, org_02 -,
# org_03 +). The raw answer to org_02 on the 6-point scale is 7 - keyed score.
A = [2, 4, 3, 5, 1]  # org_01
B = [3, 5, 2, 4, 1]  # org_02, keyed
C = [1, 3, 2, 6, 3]  # org_03
KEYED = np.array([A, B, C], dtype=float).T

# Complete data, by hand. Every item has mean 3, so the deviations are
#   a: -1  1  0  2 -2      b: 0  2 -1  1 -2      c: -2  0 -1  3  0
# sums of squares 10, 10, 14 -> variances 10/4, 10/4, 14/4
# cross products  ab: 0+2+0+2+4 = 8   ac: 2+0+0+6+0 = 8   bc: 0+0+1+3+0 = 4  (divide by 4)
VAR_A, VAR_B, VAR_C = 2.5, 2.5, 3.5
COV_AB, COV_AC, COV_BC = 2.0, 2.0, 1.0
TRACE = VAR_A + VAR_B + VAR_C  # 8.5
TOTAL = TRACE + 2 * (COV_AB + COV_AC + COV_BC)  # 18.5, the variance of a + b + c


def test_complete_data_alpha_by_hand() -> None:
    alpha = 3 / 2 * (1 - TRACE / TOTAL)  # 1.5 * 10 / 18.5 = 0.81081...
    assert alpha == pytest.approx(15 / 18.5)
    r_ab = COV_AB / math.sqrt(VAR_A * VAR_B)  # 0.8
    r_ac = COV_AC / math.sqrt(VAR_A * VAR_C)  # 2 / sqrt(8.75) = 0.67612
    r_bc = COV_BC / math.sqrt(VAR_B * VAR_C)  # 1 / sqrt(8.75) = 0.33806
    mean_r = (r_ab + r_ac + r_bc) / 3  # 0.60473
    standardised = 3 * mean_r / (1 + 2 * mean_r)  # 0.82110

    assert reliability.cronbach_alpha(KEYED) == pytest.approx(alpha, abs=1e-12)
    assert reliability.standardized_alpha(KEYED) == pytest.approx(standardised, abs=1e-12)
    assert standardised == pytest.approx(0.82110, abs=5e-6)


def test_complete_data_item_statistics_by_hand() -> None:
    # Item with the sum of the others: cov(a, b + c) = 2 + 2, var(b + c) = 2.5 + 3.5 + 2 * 1
    r_drop = [
        (COV_AB + COV_AC) / math.sqrt(VAR_A * (VAR_B + VAR_C + 2 * COV_BC)),  # 4/sqrt(20) = 0.894
        (COV_AB + COV_BC) / math.sqrt(VAR_B * (VAR_A + VAR_C + 2 * COV_AC)),  # 3/sqrt(25) = 0.6
        (COV_AC + COV_BC) / math.sqrt(VAR_C * (VAR_A + VAR_B + 2 * COV_AB)),  # 3/sqrt(31.5) = 0.535
    ]
    # Alpha of the two remaining items: 2 * (1 - (sum of their variances) / var(their sum))
    if_deleted = [
        2 * (1 - (VAR_B + VAR_C) / (VAR_B + VAR_C + 2 * COV_BC)),  # 2 * (1 - 6/8) = 0.5
        2 * (1 - (VAR_A + VAR_C) / (VAR_A + VAR_C + 2 * COV_AC)),  # 2 * (1 - 6/10) = 0.8
        2 * (1 - (VAR_A + VAR_B) / (VAR_A + VAR_B + 2 * COV_AB)),  # 2 * (1 - 5/9) = 0.889
    ]

    assert reliability.corrected_item_total_correlation(KEYED) == pytest.approx(r_drop, abs=1e-12)
    assert reliability.alpha_if_item_deleted(KEYED) == pytest.approx(if_deleted, abs=1e-12)
    assert reliability.item_means(KEYED) == pytest.approx([3, 3, 3])
    assert reliability.item_sds(KEYED) == pytest.approx(np.sqrt([VAR_A, VAR_B, VAR_C]))
    assert reliability.missing_rates(KEYED) == pytest.approx([0, 0, 0])


def test_complete_data_matches_what_psych_prints() -> None:
    """psych's raw_alpha, r.drop and alpha.drop, recomputed with plain numpy from the data."""
    X = KEYED
    total = X.sum(axis=1)
    # raw_alpha: k/(k-1) * (1 - sum of item variances / variance of the total score)
    raw = 3 / 2 * (1 - X.var(axis=0, ddof=1).sum() / total.var(ddof=1))
    # r.drop: Pearson correlation of each item with the total of the other items
    r_drop = [np.corrcoef(X[:, i], total - X[:, i])[0, 1] for i in range(3)]
    # alpha.drop raw_alpha: the same alpha on the two other items
    others = [np.delete(X, i, axis=1) for i in range(3)]
    drop = [2 * (1 - o.var(axis=0, ddof=1).sum() / o.sum(axis=1).var(ddof=1)) for o in others]

    assert round(reliability.cronbach_alpha(X), 2) == 0.81  # psych prints raw_alpha 0.81
    assert reliability.cronbach_alpha(X) == pytest.approx(raw, abs=1e-12)
    assert reliability.corrected_item_total_correlation(X) == pytest.approx(r_drop, abs=1e-12)
    assert reliability.alpha_if_item_deleted(X) == pytest.approx(drop, abs=1e-12)


def test_alpha_matches_psych_on_a_published_example() -> None:
    """15 respondents x 10 items; psych::alpha gives raw_alpha 0.592 (as pinned by pingouin)."""
    X = np.array([
        [3, 2, 4, 1, 4, 5, 1, 4, 3, 2], [5, 4, 6, 3, 5, 1, 2, 5, 5, 5],
        [7, 3, 5, 5, 6, 4, 3, 3, 6, 5], [2, 4, 3, 3, 2, 2, 2, 6, 6, 3],
        [6, 5, 6, 5, 4, 4, 4, 6, 7, 5], [1, 2, 3, 4, 2, 5, 2, 3, 5, 2],
        [4, 3, 5, 3, 5, 2, 1, 2, 4, 3], [2, 4, 4, 3, 7, 2, 2, 4, 6, 5],
        [6, 5, 5, 5, 1, 6, 5, 2, 3, 2], [5, 4, 6, 4, 3, 5, 3, 1, 7, 2],
        [4, 3, 5, 2, 5, 3, 2, 3, 4, 1], [4, 2, 3, 2, 5, 3, 4, 2, 3, 4],
        [5, 5, 6, 2, 3, 3, 2, 4, 4, 5], [6, 5, 5, 4, 2, 2, 1, 4, 6, 5],
        [4, 3, 5, 5, 3, 1, 3, 2, 3, 4],
    ])
    assert round(reliability.cronbach_alpha(X), 3) == 0.592


# One missing answer: respondent 5 skipped org_03. Pairwise, everything involving c uses
# respondents 1-4: c = 1 3 2 6 (mean 3, deviations -2 0 -1 3, sum of squares 14);
# a = 2 4 3 5 there (mean 3.5, deviations -1.5 .5 -.5 1.5), b = 3 5 2 4 (mean 3.5,
# deviations -.5 1.5 -1.5 .5). Cross products ac: 3+0+.5+4.5 = 8, bc: 1+0+1.5+1.5 = 4.
MISSING = KEYED.copy()
MISSING[4, 2] = np.nan
P_VAR_C, P_COV_AC, P_COV_BC = 14 / 3, 8 / 3, 4 / 3  # a, b, ab still use all 5 respondents


def test_pairwise_missing_alpha_by_hand() -> None:
    expected_cov = [[VAR_A, COV_AB, P_COV_AC], [COV_AB, VAR_B, P_COV_BC], [P_COV_AC, P_COV_BC, P_VAR_C]]
    trace = VAR_A + VAR_B + P_VAR_C  # 29/3
    total = trace + 2 * (COV_AB + P_COV_AC + P_COV_BC)  # 29/3 + 12 = 65/3
    alpha = 3 / 2 * (1 - trace / total)  # 1.5 * 36/65 = 54/65 = 0.83077
    # cov2cor: each covariance over the two items' own variances (as psych does)
    r_ab = COV_AB / math.sqrt(VAR_A * VAR_B)  # 0.8
    r_ac = P_COV_AC / math.sqrt(VAR_A * P_VAR_C)  # 0.78072
    r_bc = P_COV_BC / math.sqrt(VAR_B * P_VAR_C)  # 0.39036
    mean_r = (r_ab + r_ac + r_bc) / 3
    standardised = 3 * mean_r / (1 + 2 * mean_r)  # 0.85179

    assert reliability.pairwise_covariance(MISSING) == pytest.approx(np.array(expected_cov), abs=1e-12)
    assert reliability.cronbach_alpha(MISSING) == pytest.approx(54 / 65, abs=1e-12)
    assert alpha == pytest.approx(54 / 65)
    assert reliability.standardized_alpha(MISSING) == pytest.approx(standardised, abs=1e-12)
    assert standardised == pytest.approx(0.85179, abs=5e-6)


def test_pairwise_missing_item_statistics_by_hand() -> None:
    r_drop = [
        (COV_AB + P_COV_AC) / math.sqrt(VAR_A * (VAR_B + P_VAR_C + 2 * P_COV_BC)),  # 0.94122
        (COV_AB + P_COV_BC) / math.sqrt(VAR_B * (VAR_A + P_VAR_C + 2 * P_COV_AC)),  # 0.59628
        (P_COV_AC + P_COV_BC) / math.sqrt(P_VAR_C * (VAR_A + VAR_B + 2 * COV_AB)),  # 4/sqrt(42)
    ]
    if_deleted = [
        2 * (1 - (VAR_B + P_VAR_C) / (VAR_B + P_VAR_C + 2 * P_COV_BC)),  # 32/59
        2 * (1 - (VAR_A + P_VAR_C) / (VAR_A + P_VAR_C + 2 * P_COV_AC)),  # 64/75
        2 * (1 - (VAR_A + VAR_B) / (VAR_A + VAR_B + 2 * COV_AB)),  # 8/9
    ]

    assert reliability.corrected_item_total_correlation(MISSING) == pytest.approx(r_drop, abs=1e-12)
    assert r_drop[2] == pytest.approx(4 / math.sqrt(42))
    assert reliability.alpha_if_item_deleted(MISSING) == pytest.approx(if_deleted, abs=1e-12)
    assert if_deleted[:2] == pytest.approx([32 / 59, 64 / 75])
    assert reliability.item_means(MISSING) == pytest.approx([3, 3, 3])
    assert reliability.item_sds(MISSING) == pytest.approx([math.sqrt(2.5), math.sqrt(2.5), math.sqrt(14 / 3)])
    assert reliability.missing_rates(MISSING) == pytest.approx([0, 0, 0.2])


def _inventory_codes() -> np.ndarray:
    """Raw codes of the inventory for the MISSING example; sociability answered 4, 3, 4 by all."""
    bank = load_bank(INVENTORY)
    columns = [column.item_id for column in ColumnLayout.for_bank(bank).columns]
    codes = np.full((5, len(columns)), np.nan)
    codes[:, columns.index("org_01")] = MISSING[:, 0]
    codes[:, columns.index("org_02")] = 7 - MISSING[:, 1]  # reverse-keyed on 6 points
    codes[:, columns.index("org_03")] = MISSING[:, 2]
    codes[:, columns.index("soc_01")] = [4, 5, 2, 3, 6]
    codes[:, columns.index("soc_02")] = [3, 2, 5, 4, 1]
    codes[:, columns.index("soc_03")] = [4, 6, 1, 3, 5]
    codes[:, columns.index("att_01")] = 4
    return codes


def test_item_analysis_of_the_inventory_reverses_keys_and_prorates() -> None:
    analysis = item_analysis(load_bank(INVENTORY), _inventory_codes())

    assert analysis.method == METHOD == "pairwise-complete covariances (as psych::alpha, use='pairwise')"
    assert [s.scale_id for s in analysis.scales] == ["organisation", "sociability"]
    organisation = analysis.scales[0]
    assert (organisation.n_items, organisation.n_respondents) == (3, 5)
    assert organisation.alpha == pytest.approx(54 / 65)
    assert [i.key for i in organisation.items] == ["+", "-", "+"]
    assert organisation.items[1].mean == pytest.approx(3)  # keyed: raw answers average 4
    assert organisation.items[2].item_rest_r == pytest.approx(4 / math.sqrt(42))
    assert organisation.items[2].missing_rate == pytest.approx(0.2)
    # Prorated sums: 6, 12, 7, 15 and (1 + 1) / 2 * 3 = 3 -> mean 43/5; deviations
    # -2.6 3.4 -1.6 6.4 -5.6, squares summing to 93.2, variance 93.2 / 4 = 23.3
    assert organisation.mean == pytest.approx(8.6)
    assert organisation.sd == pytest.approx(math.sqrt(23.3))
    assert any("attention" in note for note in analysis.not_analysed)
    assert not any("forced-choice" in note for note in analysis.not_analysed)


def test_item_analysis_of_small_scales_and_forced_choice_blocks() -> None:
    bank = load_bank(MINI_SALES)
    layout = ColumnLayout.for_bank(bank)
    rng = np.random.default_rng(7)
    codes = np.column_stack([
        rng.integers(c.offset, c.offset + len(c.choices), 12) for c in layout.columns
    ]).astype(float)

    analysis = item_analysis(bank, codes)

    scales = {s.scale_id: s for s in analysis.scales}
    assert scales["closing"].items[1].key == "sjt"  # two items: alpha, but none if one is deleted
    assert not math.isnan(scales["closing"].alpha)
    assert all(math.isnan(i.alpha_if_deleted) for i in scales["closing"].items)
    assert math.isnan(scales["social_desirability"].alpha)  # one item
    assert "one item" in scales["social_desirability"].notes[0]
    assert any("forced-choice" in n and "ipsative" in n for n in analysis.not_analysed)


def test_degenerate_data_gives_nan_without_warnings() -> None:
    bank = load_bank(INVENTORY)
    width = len(ColumnLayout.for_bank(bank).columns)

    for codes in (np.empty((0, width)), np.full((1, width), 3.0), np.full((4, width), np.nan)):
        analysis = item_analysis(bank, codes)
        assert all(math.isnan(s.alpha) and s.notes for s in analysis.scales)

    constant = item_analysis(bank, np.full((4, width), 3.0)).scales[0]
    assert "left out of alpha" in constant.notes[0]
    empty = json.loads(json.dumps(item_analysis(bank, np.empty((0, width))).as_dict()))
    assert empty["scales"][0]["mean"] is None


@pytest.mark.parametrize("bad, message", [
    (np.ones(3), "2-D"),
    (np.array([[1.0, np.inf], [2.0, 3.0]]), "finite"),
    (np.ones((3, 1)), "at least 2 items"),
    ([["a", "b"]], "numbers"),
])
def test_reliability_input_is_checked(bad, message) -> None:
    with pytest.raises(ValueError, match=message):
        reliability.cronbach_alpha(bad)


def test_item_analysis_rejects_codes_of_another_shape() -> None:
    with pytest.raises(ValueError, match="codes must have shape"):
        item_analysis(load_bank(INVENTORY), np.ones((3, 2)))


# --- the CLI -------------------------------------------------------------------------------

INVENTORY_CSV = """respondent_id,org_01,org_02,org_03,soc_01,soc_02,soc_03,att_01
r1,2,4,1,4,3,4,4
r2,4,2,3,5,2,6,4
r3,3,5,2,2,5,1,4
r4,5,3,6,3,4,3,4
r5,1,6,,6,1,5,4
"""


@pytest.fixture
def inventory_csv(tmp_path: Path) -> Path:
    path = tmp_path / "responses.csv"
    path.write_text(INVENTORY_CSV, encoding="utf-8")
    return path


def _analyse(runner, *args: str):
    return runner.invoke(args=["scoring", "item-analysis", *args])


def test_cli_text_table_for_the_inventory(runner, inventory_csv) -> None:
    result = _analyse(runner, "--bank", str(INVENTORY), "--responses", str(inventory_csv))

    assert result.exit_code == 0, result.output
    assert METHOD in result.output
    assert "Organisation (competency organisation): 3 item(s), 5 respondent(s)" in result.output
    assert f"alpha {54 / 65:.3f}" in result.output
    org_03 = next(line for line in result.output.splitlines() if line.strip().startswith("org_03"))
    assert org_03.split() == ["org_03", "+", "3.00", f"{math.sqrt(14 / 3):.2f}", "0.200",
                              f"{4 / math.sqrt(42):.3f}", f"{8 / 9:.3f}"]


def test_cli_json_for_the_inventory(runner, inventory_csv) -> None:
    result = _analyse(runner, "--bank", str(INVENTORY), "--responses", str(inventory_csv), "--json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["method"] == METHOD
    organisation = data["scales"][0]
    assert organisation["alpha"] == pytest.approx(54 / 65)
    assert organisation["items"][0]["alpha_if_deleted"] == pytest.approx(32 / 59)


def test_cli_on_a_shipped_bank_by_id(runner, app, tmp_path) -> None:
    bank = load_bank(Path(app.config["QUESTION_BANKS_DIR"]) / "sales_rep.yaml")
    layout = ColumnLayout.for_bank(bank)
    rng = np.random.default_rng(3)
    codes = np.column_stack([
        rng.integers(c.offset, c.offset + len(c.choices), 40) for c in layout.columns
    ]).astype(float)
    scored = [n for n, c in enumerate(layout.columns) if c.part == ""]  # leave blocks whole
    codes[:, scored] = np.where(rng.random((40, len(scored))) < 0.05, np.nan, codes[:, scored])
    path = tmp_path / "sales_rep.csv"
    write_responses(path, bank, Responses(tuple(f"p{n}" for n in range(40)), codes))

    text = _analyse(runner, "--bank", "sales_rep", "--responses", str(path))
    as_json = _analyse(runner, "--bank", "sales_rep", "--responses", str(path), "--json")

    assert text.exit_code == 0 and as_json.exit_code == 0, text.output + as_json.output
    data = json.loads(as_json.output)
    scale_ids = [c.id for c in bank.competencies] + ["social_desirability"]
    assert [s["scale_id"] for s in data["scales"]] == scale_ids
    for scale in data["scales"]:
        alphas = f"alpha {scale['alpha']:.3f}, standardised alpha {scale['alpha_standardized']:.3f}"
        assert alphas in text.output
    assert "ipsative" in text.output
    assert any("ipsative" in note for note in data["not_analysed"])


def test_cli_unknown_bank(runner, inventory_csv) -> None:
    result = _analyse(runner, "--bank", "no_such_bank", "--responses", str(inventory_csv))

    assert result.exit_code == 1
    assert result.output.splitlines() == [result.output.strip()]
    assert "no bank 'no_such_bank'" in result.output and "sales_rep" in result.output


def test_cli_invalid_bank(runner, inventory_csv, tmp_path) -> None:
    broken = tmp_path / "personality_inventory.yaml"
    shutil.copy(INVENTORY, broken)
    broken.write_text(broken.read_text(encoding="utf-8").replace("expected: 4", "expected: 9"),
                      encoding="utf-8")

    result = _analyse(runner, "--bank", str(broken), "--responses", str(inventory_csv))

    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1
    assert f"bank {broken} failed validation: {broken}:" in result.output
    assert "att_01" in result.output


def test_cli_unreadable_csv(runner, tmp_path) -> None:
    missing = tmp_path / "nowhere.csv"
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00respondent_id")

    for path in (missing, binary):
        result = _analyse(runner, "--bank", str(INVENTORY), "--responses", str(path))
        assert result.exit_code == 1, result.output
        assert len(result.output.splitlines()) == 1
        assert str(path) in result.output
        assert "Traceback" not in result.output


def test_cli_code_that_is_not_a_response_code(runner, tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(INVENTORY_CSV.replace("r3,3,5,2", "r3,3,9,2"), encoding="utf-8")

    result = _analyse(runner, "--bank", str(INVENTORY), "--responses", str(path))

    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1
    assert str(path) in result.output
    assert "row 3 (respondent r3), item org_02: '9' is not a response code" in result.output
