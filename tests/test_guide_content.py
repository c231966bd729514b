"""The Medical Oncology guide keeps every fact of its reference page.

Each entry names a fact of the reference and the words that carry it in the guide; an edit
that drops a fact fails here, whatever happens to the wording around it.
"""

from __future__ import annotations

import re

import pytest

from guidepress.read import pandocast
from guidepress.read.document import Document

FACTS = {
    "an internist": [r"medical oncologist is also an internist"],
    "diagnoses and treats all types of cancer": [r"find out what is wrong", r"all types of cancer"],
    "benign and malignant tumors": [r"\bbenign\b", r"\bmalignant\b"],
    "decides on and gives therapy": [r"decides which treatment is best and then gives it"],
    "consults surgeons and radiation oncologists": [r"\bSurgeons\b", r"Radiation oncologists"],
    "new discoveries and better treatment": [r"New discoveries", r"keeps getting better"],
    "advances with committed team care": [r"new advances in health care", r"team"],
    "multidisciplinary care led by the oncologist": [r"multidisciplinary", r"leads the team"],
    "lead role in cancer research": [r"lead role in cancer research"],
    "meaningful relationship with patients": [r"meaningful bond"],
    "routes: adults": [r"medical oncology", r"hematology and oncology"],
    "routes: children": [r"pediatric oncology"],
    "routes: older adults": [r"geriatric oncology"],
    "anti-cancer drugs and biologics": [r"Anti-cancer drugs", r"Biologics"],
    "surgical specialties have oncology groups": [r"Most kinds of surgery have their own group"],
    "radiation oncology uses high-energy radiation": [r"high-energy rays"],
    "academic practice": [r"Academic", r"university or a medical school",
                          r"Teaching, research and caring for patients"],
    "community practice": [r"private practice", r"Patient care comes first",
                           r"both small and large"],
    "industry practice": [r"Industry", r"biotechnology companies do research",
                          r"new ways to treat patients"],
    "government practice": [r"public policy", r"writing rules", r"in the military"],
    "science combined with caring": [r"science combined with caring"],
    "most challenging cases": [r"hardest-to-treat illnesses in all of medicine"],
    "communication through treatment, survivorship, end of life": [
        r"very good at talking with people", r"Survivorship", r"End-of-life care"],
    "consultative, yet the medical home": [r"consulting field", r"medical home"],
    "lifelong contact with patients and families": [r"families and caregivers",
                                                    r"rest of the patient.s life"],
    "residency 3 years": [r"Internal medicine residency: 3 years"],
    "fellowship 2 or 3 years": [r"usually 2 years in medical oncology",
                                r"hematology and oncology usually takes 3 years"],
    "board certification by ABIM": [r"American Board of Internal Medicine \(ABIM\)"],
    "points to the program directory": [r"FREIDA program directory"],
}


@pytest.fixture(scope="module")
def text(oncology: Document) -> str:
    return " ".join(pandocast.stringify(oncology.ast["blocks"]).split())


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_every_reference_fact_is_in_the_guide(text: str, fact: str) -> None:
    missing = [pattern for pattern in FACTS[fact] if not re.search(pattern, text)]
    assert not missing, f"{fact}: {missing}"


def test_the_guide_has_the_required_parts(oncology: Document) -> None:
    titles = [h.text for h in oncology.headings if h.level == 2]
    assert titles == [
        "In short", "What a medical oncologist does", "Who they work with",
        "Routes into oncology", "Where oncologists work", "The human side of the work",
        "The training path", "Key terms", "Where to learn more",
    ]
    kinds = {element["t"] for element in pandocast.walk(oncology.ast["blocks"])}
    assert {"Table", "Figure", "DefinitionList", "Note", "Link"} <= kinds
    assert oncology.images[0].asset.relative == "images/training-path.svg"
