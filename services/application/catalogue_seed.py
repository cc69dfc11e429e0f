"""The conditions and legal frames a new installation starts with, as the municipality published them.

General conditions come from the council's regulation and apply in every area; the specific conditions on
the competence of the person in charge apply in the areas that care for older people or people with
disabilities. Staff publish later versions through the API.
"""

from services.application.domain.conditions import Condition, ConditionKind, ControlPoint, Evidence, Sanction
from services.application.domain.decisions import Frame, PeriodStart
from shared.competence import Requirement
from shared.statutory_time import PeriodUnit

AUTHORISATION, FOLLOW_UP, SELF_REPORT = (
    ControlPoint.AUTHORISATION,
    ControlPoint.FOLLOW_UP,
    ControlPoint.SELF_REPORT,
)
WARNING, REVOCATION = Sanction.WARNING, Sanction.REVOCATION


def _general(
    code: str, sv: str, en: str, points: list[ControlPoint], sanctions: list[Sanction], evidence: Evidence
) -> Condition:
    return Condition(
        code=code,
        kind=ConditionKind.GENERAL,
        title_sv=sv,
        title_en=en,
        control_points=points,
        sanctions=sanctions,
        evidence=evidence,
    )


def _competence(code: str, sv: str, en: str, requirement: Requirement) -> Condition:
    return Condition(
        code=code,
        kind=ConditionKind.SPECIFIC,
        title_sv=sv,
        title_en=en,
        control_points=[AUTHORISATION, FOLLOW_UP, SELF_REPORT],
        sanctions=[WARNING, REVOCATION],
        evidence=Evidence.PERSON_IN_CHARGE,
        requirement=requirement,
    )


GENERAL_CONDITIONS = (
    _general(
        "goals",
        "Anordnaren visar hur statens och kommunens mål för tjänsten uppnås",
        "The provider shows how the state and municipal goals for the service will be met",
        [AUTHORISATION, FOLLOW_UP],
        [WARNING, REVOCATION],
        Evidence.STATEMENT,
    ),
    _general(
        "keys-and-valuables",
        "Rutiner för hantering av nycklar till kundens bostad och kundens värdesaker och pengar",
        "Routines for handling keys to customers' homes and customers' valuables and money",
        [FOLLOW_UP],
        [WARNING, REVOCATION],
        Evidence.NONE,
    ),
    _general(
        "manager-competence",
        "Verksamhetsansvarig har adekvat kompetens",
        "The person in charge of daily management has adequate competence",
        [AUTHORISATION, FOLLOW_UP, SELF_REPORT],
        [WARNING, REVOCATION],
        Evidence.PERSON_IN_CHARGE,
    ),
    _general(
        "manager-change-reported",
        "Byte av verksamhetsansvarig anmäls till kommunen för godkännande",
        "A change of the person in charge is reported to the municipality for approval",
        [SELF_REPORT],
        [WARNING],
        Evidence.NONE,
    ),
    _general(
        "deviations-reported",
        "Allvarliga klagomål, fel, brister och avvikelser rapporteras till kommunen",
        "Serious complaints, errors, deficiencies and deviations are reported to the municipality",
        [SELF_REPORT, FOLLOW_UP],
        [WARNING, REVOCATION],
        Evidence.NONE,
    ),
)

CARE_CONDITIONS = (
    _competence(
        "manager-education",
        "Verksamhetsansvarig har minst två års eftergymnasial utbildning inom vård och omsorg "
        "(högskola eller yrkeshögskoleexamen om 400 poäng)",
        "The person in charge has at least two years of post-secondary education in care "
        "(university, or a higher vocational diploma of 400 points)",
        Requirement.EDUCATION,
    ),
    _competence(
        "manager-practice",
        "Verksamhetsansvarig har minst två års praktiskt arbete på heltid under de senaste tio åren inom "
        "vård och omsorg om äldre och/eller personer med funktionsnedsättning",
        "The person in charge has at least two years of full-time practical work within the last ten years "
        "in care of older people and/or people with disabilities",
        Requirement.PRACTICE,
    ),
    _competence(
        "manager-supervision",
        "Verksamhetsansvarig har minst två års erfarenhet som arbetsledare med personal- och "
        "verksamhetsansvar",
        "The person in charge has at least two years of experience as a supervisor responsible for staff "
        "and operations",
        Requirement.SUPERVISION,
    ),
    _competence(
        "manager-swedish",
        "Verksamhetsansvarig behärskar svenska språket i tal och skrift",
        "The person in charge has command of Swedish, spoken and written",
        Requirement.SWEDISH,
    ),
    _competence(
        "manager-foreign-education-validated",
        "Utbildning från ett annat land än Sverige är validerad av Universitets- och högskolerådet (UHR)",
        "Education from outside Sweden is validated by the Swedish Council for Higher Education (UHR)",
        Requirement.UHR_VALIDATION,
    ),
    Condition(
        code="manager-substitute",
        kind=ConditionKind.SPECIFIC,
        title_sv="Anordnaren anmäler vem som ersätter verksamhetsansvarig vid längre frånvaro "
        "(längre semester, sjukdom)",
        title_en="The provider reports who replaces the person in charge during a longer absence "
        "(longer holiday, sick leave)",
        control_points=[SELF_REPORT],
        sanctions=[WARNING],
    ),
)

# Areas caring for older people or people with disabilities; counselling, family treatment and addiction
# care have no specific conditions on the person in charge in the published material.
CARE_AREAS = frozenset(
    {
        "hemtjanst",
        "sarskilt-boende",
        "dagverksamhet-aldre",
        "sysselsattning",
        "boendestod",
        "korttidsvistelse-lss",
        "daglig-verksamhet-lss",
        "ledsagar-avlosarservice-lss",
        "bostad-sarskild-service-lss",
    }
)


def first_conditions(area_code: str) -> list[Condition]:
    return [*GENERAL_CONDITIONS, *(CARE_CONDITIONS if area_code in CARE_AREAS else ())]


LEGAL_FRAMES = (
    Frame(
        code="LOV",
        name_sv="Lagen (2008:962) om valfrihetssystem (LOV)",
        name_en="The Act on System of Choice in the Public Sector (LOV, 2008:962)",
        appeal_route_sv="Ansökan om rättelse hos förvaltningsrätten",
        appeal_route_en="Application for correction to the administrative court",
        appeal_body_sv="Förvaltningsrätten i Stockholm",
        appeal_body_en="The Administrative Court in Stockholm",
        law_reference="LOV (2008:962) 10 kap.",
        period_amount=3,
        period_unit=PeriodUnit.WEEKS,
        period_starts=PeriodStart.DECISION_NOTICE,
        period_sv="Ansökan ska ha kommit in till förvaltningsrätten inom tre veckor från den dag då "
        "underrättelsen om beslutet lämnades.",
        period_en="The application must reach the administrative court within three weeks of the notice "
        "of the decision.",
    ),
    Frame(
        code="kundval",
        name_sv="Nacka kommuns reglemente för kundval",
        name_en="Nacka municipality's regulation on customer choice (kundval)",
        appeal_route_sv="Laglighetsprövning enligt kommunallagen",
        appeal_route_en="Legality review under the Local Government Act",
        appeal_body_sv="Förvaltningsrätten i Stockholm",
        appeal_body_en="The Administrative Court in Stockholm",
        law_reference="Kommunallagen (2017:725) 13 kap. 5 §",
        period_amount=3,
        period_unit=PeriodUnit.WEEKS,
        period_starts=PeriodStart.MINUTES_ANNOUNCED,
        period_sv="Överklagandet ska ha kommit in inom tre veckor från den dag då det justerade protokollet "
        "tillkännagavs på kommunens anslagstavla.",
        period_en="The appeal must be lodged within three weeks of the day the approved minutes were "
        "announced on the municipality's notice board.",
    ),
)
