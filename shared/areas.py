"""The kundval areas of social care a new installation starts with, in both languages. The application
service seeds its area table from them; the notifications service names areas in its texts with them (a
code it does not know is shown as it is).

Legal frames follow the municipality's table of when each area came under LOV: home care, special
housing, family counselling, day activities and family treatment moved from kundval to LOV in 2009-2010;
the later areas carry a single year after LOV came into force, in a column the table leaves unclear, and
are taken to run under LOV as well. Housing with special service (LSS) is not in the table: LOV too.
The frame is data on the area, so a different reading is a row update, not a code change.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class KundvalArea:
    code: str
    name_sv: str
    name_en: str
    legal_frame: str
    reimbursement_model: str


SOCIAL_CARE_AREAS = (
    KundvalArea(
        "hemtjanst", "Hemtjänst, ledsagning och avlösning", "Home care, escort and relief", "LOV", "per hour"
    ),
    KundvalArea(
        "sarskilt-boende",
        "Särskilt boende för äldre",
        "Special housing for older people",
        "LOV",
        "per day, in levels",
    ),
    KundvalArea("familjeradgivning", "Familjerådgivning", "Family counselling", "LOV", "per visit"),
    KundvalArea("familjebehandling", "Familjebehandling", "Family treatment", "LOV", "per treatment hour"),
    KundvalArea(
        "dagverksamhet-aldre",
        "Dagverksamhet för äldre",
        "Day activities for older people",
        "LOV",
        "per attended day; social or dementia profile",
    ),
    KundvalArea(
        "sysselsattning",
        "Sysselsättning, psykisk funktionsnedsättning",
        "Occupation, psychiatric disability",
        "LOV",
        "per half day",
    ),
    KundvalArea("boendestod", "Boendestöd", "Housing support", "LOV", "per hour"),
    KundvalArea("korttidsvistelse-lss", "Korttidsvistelse, LSS", "Short stays, LSS", "LOV", "per day"),
    KundvalArea(
        "oppenvard-missbruk", "Öppenvård, missbruk", "Outpatient addiction care", "LOV", "per treatment"
    ),
    KundvalArea(
        "daglig-verksamhet-lss",
        "Daglig verksamhet, LSS",
        "Daily activities, LSS",
        "LOV",
        "per full or half day by support level",
    ),
    KundvalArea(
        "ledsagar-avlosarservice-lss",
        "Ledsagarservice och avlösarservice, LSS",
        "Escort and relief service, LSS",
        "LOV",
        "per hour",
    ),
    KundvalArea(
        "bostad-sarskild-service-lss",
        "Bostad med särskild service, LSS",
        "Housing with special service, LSS",
        "LOV",
        "per day by support level",
    ),
)


_NAMES = {area.code: area for area in SOCIAL_CARE_AREAS}


def area_name(code: str, language: str) -> str:
    """The area's name in `language` ("sv" or "en")."""
    area = _NAMES.get(code)
    if area is None:
        return code
    return area.name_en if language == "en" else area.name_sv
