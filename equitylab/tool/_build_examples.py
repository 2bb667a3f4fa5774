"""Rebuild the example worksheets and the tool lab's model answer from the SYNTHETIC data.

Run ``python -m equitylab.tool._build_examples`` after changing the data or the model; the
JSON files in ``equitylab/tool/examples/`` are what the course ships and the app opens.
"""

from __future__ import annotations

import json
from pathlib import Path

from ._analysis import analyse
from ._model import (
    EngagementEntry,
    Impact,
    Measure,
    Metadata,
    PlanItem,
    Strategy,
    Worksheet,
)
from ._storage import dumps

__all__ = ["build_examples"]

_NOTE = ("SYNTHETIC example: the Tallow River Region, its departments, people and numbers are "
         "made up for teaching. Study it, copy it, and replace every answer with your own.")
_PLACE = "Tallow River Region (synthetic)"
_DATE = "2026-11-29"


def _budget() -> Worksheet:
    ws = Worksheet(Metadata("Cooling neighborhoods: tree canopy and shade budget request, "
                            "FY2027", _PLACE, "Parks and Recreation", "budget",
                            ["Budget analyst", "Urban forester", "Community liaison"],
                            _DATE, _DATE, "2027-03-15"), id="example0budget")
    asthma = analyse("tallow_health", "asthma_ed_visits", "race_ethnicity",
                     denominator="population", reference="White",
                     label="asthma emergency visits", subject="residents",
                     verb="had an asthma emergency visit")
    burden = analyse("tallow_housing", "cost_burdened_renters", "race_ethnicity",
                     denominator="renter_households", reference="White",
                     label="cost-burdened renters", subject="renter households",
                     verb="were cost-burdened")
    ws.evidence = [asthma, burden]
    a = {
        "1.1": "A $2.4 million capital request to plant and care for street trees and shade "
               "structures in the neighbourhoods with the least canopy and the most heat.",
        "1.2": "Result: every resident can stay cool and breathe clean air in summer. Outcome "
               "for the department: canopy in the ten lowest-canopy neighbourhoods rises "
               "toward the regional median.",
        "1.3": "Community conditions: heat-related illness and asthma. The department is "
               "directly accountable for canopy, tree survival and shade at parks.",
        "1.4": "Neighbourhoods cut by the 1960s highway and graded D in the old lending maps "
               "have the least canopy; improvement means they reach the regional median, "
               "while no neighbourhood loses care.",
        "2.1": "Asthma emergency visits and renter cost burden by race (evidence 1 and 2), "
               "canopy and heat by neighbourhood from the neighbourhood table.",
        "2.2": "Black and American Indian residents have the highest asthma emergency visit "
               "rates; they live disproportionately in the hottest, lowest-canopy areas. "
               "Past highway siting and disinvestment likely explain much of the pattern.",
        "2.3": "Native Hawaiian and Pacific Islander counts are small in places. Canopy data "
               "is from 2024 aerial imagery; residents' experience of heat is not measured.",
        "3.1": "Two listening sessions with tenant associations and a walk with youth "
               "climate organisers in the two hottest neighbourhoods.",
        "3.2": "Invite the tenant associations to co-design where trees go and to hire local "
               "residents for watering crews.",
        "3.3": "Renters worried that greening raises rents; we added anti-displacement "
               "partners to the plan.",
        "4.1": "Residents of low-canopy neighbourhoods benefit most. Renters could be "
               "burdened if greening raises rents.",
        "4.2": "Target the ten lowest-canopy neighbourhoods first; pair planting with the "
               "housing department's tenant protections; hire locally.",
        "4.3": "Yes, if trees go where residents already ask loudest; the root cause is "
               "decades of uneven investment, so allocation follows need, not requests.",
        "5.1": "Plant 1,800 trees over two seasons with a three-year watering contract.",
        "5.2": "Capital is requested here; watering needs $180,000 a year of operating money, "
               "not yet funded.",
        "6.1": "Quarterly public dashboard of planting and survival by neighbourhood; annual "
               "report to the tenant associations.",
        "6.2": "Canopy share in the ten lowest-canopy neighbourhoods (indicator); trees "
               "planted, survival rate and residents hired (performance).",
    }
    for k, v in a.items():
        ws.set_answer(k, v)
    ws.affected_groups = ["Black or African American residents",
                          "American Indian or Alaska Native residents", "Renters",
                          "Children with asthma"]
    ws.geographies = ["Neighbourhoods along the 1960s highway", "Core ring"]
    ws.engagement = [
        EngagementEntry("Riverside tenant association", "2026-09-12", "Listening session",
                        "consult", "Fear of rising rents after greening.",
                        "Added tenant protection partners to the plan."),
        EngagementEntry("Youth climate organisers", "2026-10-03", "Heat walk", "involve",
                        "Bus stops have no shade.", "Shade structures at 12 bus stops added."),
    ]
    ws.impacts = [
        Impact("Residents of low-canopy neighbourhoods", "benefit",
               "Cooler streets and cleaner air where asthma visits are highest.", [asthma.id]),
        Impact("Renters in greened neighbourhoods", "mixed",
               "Cooler homes, but a risk of higher rents.", [burden.id]),
    ]
    ws.strategies = [
        Strategy("Plant where need is greatest", "advance equity",
                 "Allocate by canopy gap and heat, not by requests.",
                 ["Residents of low-canopy neighbourhoods"]),
        Strategy("Green without displacement", "mitigate harm",
                 "Pair planting with tenant protections and right-to-return policies.",
                 ["Renters in greened neighbourhoods"]),
    ]
    ws.plan = [
        PlanItem("Map planting sites with residents", "Urban forester", "2027-04-30",
                 "Staff time; GIS"),
        PlanItem("Contract local watering crews", "Community liaison", "2027-05-31",
                 "$180,000 a year (unfunded)"),
    ]
    ws.measures = [
        Measure("Tree canopy share, ten lowest-canopy neighbourhoods", "population indicator",
                "", "Residents", "percent", 14.0, "2024", 22.0, "2032", "Aerial imagery"),
        Measure("Trees planted", "performance measure", "how much", "", "trees", 0.0, "2026",
                1800.0, "2028", "Work orders"),
        Measure("Tree survival after two years", "performance measure", "how well", "",
                "percent", 71.0, "2025", 90.0, "2029", "Inspections"),
        Measure("Residents hired on watering crews", "performance measure", "better off",
                "Residents of target neighbourhoods", "people", 0.0, "2026", 25.0, "2028",
                "Payroll"),
    ]
    ws.notes = _NOTE
    return ws


def _policy() -> Worksheet:
    ws = Worksheet(Metadata("Fare enforcement: warnings before citations", _PLACE,
                            "Transit", "policy", ["Policy lead", "Data analyst",
                                                  "Rider advisory member"],
                            _DATE, _DATE, "2027-01-20"), id="example0policy")
    cited = analyse("tallow_fare_policy", "citations", "race_ethnicity",
                    denominator="inspections", reference="White",
                    label="inspections ending in a citation", subject="inspected riders",
                    verb="were cited")
    inspected = analyse("tallow_fare_policy", "inspections", "race_ethnicity",
                        denominator="boardings", reference="White",
                        label="boardings inspected", subject="riders",
                        verb="were inspected per boarding")
    ws.evidence = [cited, inspected]
    a = {
        "1.1": "Change the fare policy so a first fare violation gets a warning, and riders "
               "on low incomes are offered a reduced fare instead of a citation.",
        "1.2": "Result: everyone can ride transit without fear of debt or a court record. "
               "Outcome: fewer citations, with no racial gap in who is cited.",
        "1.3": "Community: access to jobs and school by transit. Department: inspections, "
               "citations and reduced-fare enrolment.",
        "1.4": "Black riders are cited most often per inspection today; improvement means "
               "their citation share falls to that of other riders.",
        "2.1": "Citations per inspection and inspections per boarding, by rider race "
               "(evidence 1 and 2); the data also has lines and periods.",
        "2.2": "Inspections of Black riders end in a citation more often than inspections of "
               "White riders. Inspection practice and who rides which line may explain it.",
        "2.3": "Race is recorded by inspectors and is missing for some riders; those rows are "
               "left out and counted in the notes.",
        "3.1": "A rider survey in three languages and two meetings of the rider advisory "
               "committee.",
        "3.2": "Give the rider advisory committee a vote on the enforcement guidelines.",
        "3.3": "Riders asked for warnings to be recorded so repeat warnings are fair; added.",
        "4.1": "Riders on low incomes and Black riders benefit most; fare revenue could fall "
               "slightly, which burdens the transit budget.",
        "4.2": "Warnings first; reduced-fare enrolment at the point of inspection; audit "
               "citations by race every quarter.",
        "4.3": "Inspections per boarding are similar for every group, so the gap comes from "
               "what happens after an inspection: inspector discretion is reviewed too.",
        "5.1": "Train inspectors, update handheld devices, launch on-the-spot enrolment.",
        "5.2": "Training is funded; device updates need $40,000 from the technology budget.",
        "6.1": "Quarterly public report of inspections, warnings and citations by race and "
               "line, presented to the rider advisory committee.",
        "6.2": "Citation rate per inspection by race (indicator); inspectors trained, "
               "enrolments at inspection (performance).",
    }
    for k, v in a.items():
        ws.set_answer(k, v)
    ws.affected_groups = ["Black or African American riders", "Riders on low incomes",
                          "Transit inspectors"]
    ws.geographies = ["Heron Line", "Otter Line"]
    ws.engagement = [
        EngagementEntry("Transit riders (survey, three languages)", "2026-08-15",
                        "Survey", "consult", "Citations feel arbitrary.",
                        "Warnings are now recorded and explained."),
        EngagementEntry("Rider advisory committee", "2026-10-20", "Meeting", "collaborate",
                        "Wants a say in enforcement guidelines.",
                        "Committee co-writes the guidelines."),
    ]
    ws.impacts = [
        Impact("Black or African American riders", "benefit",
               "Highest citation rate per inspection today.", [cited.id]),
        Impact("Riders who are inspected often", "mixed",
               "Inspections per boarding are about equal across groups (evidence 2), so the "
               "gap arises after inspection. Warnings help, but repeat warnings could still "
               "escalate to citations.", [inspected.id, cited.id]),
        Impact("Transit budget", "unclear", "Less citation revenue, perhaps offset by "
               "ridership; not yet estimated.", []),
    ]
    ws.strategies = [
        Strategy("Warnings first", "advance equity", "A first violation gets a warning.",
                 ["Black or African American riders", "Riders on low incomes"]),
        Strategy("Enrol at inspection", "mitigate harm",
                 "Offer reduced fares on the spot to offset revenue loss through ridership.",
                 ["Riders on low incomes"]),
    ]
    ws.plan = [
        PlanItem("Train all inspectors", "Operations manager", "2027-02-28", "Funded"),
        PlanItem("Update handheld devices", "IT lead", "2027-03-31", "$40,000 (requested)"),
    ]
    ws.measures = [
        Measure("Citations per 100 inspections, Black riders", "population indicator", "",
                "Black or African American riders", "per 100 inspections", 9.5, "2025", 4.0,
                "2028", "Inspection records"),
        Measure("Inspectors trained", "performance measure", "how much", "", "percent", 0.0,
                "2026", 100.0, "2027", "Training log"),
        Measure("Riders enrolled in reduced fare at inspection", "performance measure",
                "better off", "Riders on low incomes", "riders", 0.0, "2026", 2000.0, "2028",
                "Enrollment system"),
    ]
    ws.notes = _NOTE + " Not Metro Transit data: the lines, fines and numbers are invented."
    return ws


def _program() -> Worksheet:
    ws = Worksheet(Metadata("Small business grants: lottery with technical assistance",
                            _PLACE, "Economic Development", "program",
                            ["Program manager", "Analyst", "Business association partner"],
                            _DATE, _DATE, "2027-02-01"), id="example0program")
    awarded = analyse("tallow_business_grants", "awarded", "owner_race_ethnicity",
                      reference="White", direction="favourable", label="applications awarded",
                      subject="applicants", verb="were awarded a grant")
    complete = analyse("tallow_business_grants", "complete_on_first_submission",
                       "owner_race_ethnicity", reference="White", direction="favourable",
                       label="applications complete on first submission",
                       subject="applicants", verb="submitted a complete application first time")
    ws.evidence = [awarded, complete]
    a = {
        "1.1": "Keep the 2024 change from first come, first served to a lottery, and fund "
               "technical assistance so every eligible owner can apply well.",
        "1.2": "Result: business owners of every race can start and grow businesses. "
               "Outcome: grant awards proportional to eligible applications.",
        "1.3": "Community: business ownership and wealth. Department: who applies, who is "
               "helped, who is awarded.",
        "1.4": "Black and Latino owners were awarded least under first come, first served; "
               "improvement means equal chances among eligible applicants.",
        "2.1": "Applications and awards by owner race, and complete first submissions "
               "(evidence 1 and 2).",
        "2.2": "White owners were awarded more often than Black and Latino owners. Owners "
               "without business bank accounts or time to apply on day one lost out.",
        "2.3": "Owners who preferred not to state race are left out; two groups are too "
               "small to show and are suppressed.",
        "3.1": "Business associations in four neighbourhoods and a cultural chamber "
               "reviewed the application.",
        "3.2": "Fund the associations to run application clinics.",
        "3.3": "Owners said the form assumed a bank account; the requirement was dropped.",
        "4.1": "Owners with fewer resources benefit; owners who could apply fastest lose "
               "their head start.",
        "4.2": "Lottery among eligible applications; paid technical assistance through "
               "trusted associations; no bank account required to apply.",
        "4.3": "Speed-based rules reward existing advantages such as staff and banking "
               "relationships.",
        "5.1": "Contract four associations for clinics; publish lottery rules; run the "
               "lottery in public.",
        "5.2": "Clinics cost $120,000 a year; funded for two years.",
        "6.1": "Publish awards by owner race and neighbourhood after each round; review "
               "with the associations.",
        "6.2": "Business ownership rate by race (indicator); clinic sessions, complete "
               "submissions, awards and business survival (performance).",
    }
    for k, v in a.items():
        ws.set_answer(k, v)
    ws.affected_groups = ["Black or African American business owners",
                          "Hispanic or Latino business owners", "Owners without bank accounts"]
    ws.geographies = ["Whole region"]
    ws.engagement = [
        EngagementEntry("Four neighbourhood business associations", "2026-06-10",
                        "Application review workshop", "involve",
                        "The form assumed a bank account.", "Requirement dropped."),
        EngagementEntry("Cultural chamber of commerce", "2026-07-22", "Partnership",
                        "collaborate", "Owners trust peers more than the city.",
                        "Clinics run by the associations, paid by the program."),
    ]
    ws.impacts = [
        Impact("Black or African American business owners", "benefit",
               "Least often awarded under first come, first served.", [awarded.id]),
        Impact("Owners who applied fastest", "burden", "Lose their head start.",
               [complete.id]),
    ]
    ws.strategies = [
        Strategy("Lottery among eligible applications", "advance equity",
                 "Speed no longer decides.", ["Black or African American business owners"]),
        Strategy("Paid clinics through associations", "mitigate harm",
                 "Help every owner submit a complete application.",
                 ["Owners without bank accounts"]),
    ]
    ws.plan = [
        PlanItem("Contract four associations", "Program manager", "2027-01-15",
                 "$120,000 a year"),
        PlanItem("Publish lottery rules", "Analyst", "2027-01-31", "Staff time"),
    ]
    ws.measures = [
        Measure("Business ownership rate, Black residents", "population indicator", "",
                "Black or African American", "percent", 3.1, "2024", 5.0, "2030",
                "Business registry"),
        Measure("Clinic sessions held", "performance measure", "how much", "", "sessions",
                0.0, "2026", 200.0, "2027", "Clinic logs"),
        Measure("Applications complete on first submission", "performance measure",
                "how well", "", "percent", 68.0, "2024", 85.0, "2027", "Grant system"),
        Measure("Awarded businesses still open after two years", "performance measure",
                "better off", "", "percent", 80.0, "2024", 90.0, "2029", "Business registry"),
    ]
    ws.notes = _NOTE
    return ws


def _lab_task() -> Worksheet:
    """Build the model answer to the tool lab's task: steps 1, 2 and 4 only, as the task asks."""
    ws = Worksheet(Metadata("Summer classes at one campus (model answer)",
                            _PLACE, "School district: secondary education", "program",
                            ["Program manager", "Data analyst", "Family liaison"],
                            _DATE, _DATE, "2027-02-15"), id="example0labtask")
    graduation = analyse("tallow_education", "graduated_on_time", "race_ethnicity",
                         denominator="cohort_students", reference="White",
                         direction="favourable", label="on-time graduation",
                         subject="students", verb="graduated on time")
    graduation.notes = ("American Indian or Alaska Native and Native Hawaiian or Pacific "
                        "Islander students: their graduation counts are hidden, so this table "
                        "cannot describe them. Combine several years, and ask their "
                        "communities.")
    ws.evidence = [graduation]
    answers = {
        "1.1": "The district proposes to move summer credit-recovery classes from four "
               "neighborhood high schools to one central campus, to save money; no bus is "
               "planned. The school board decides in February.",
        "1.2": "Result: every student graduates on time, ready for what comes next. Outcome "
               "for the district: every student who needs summer credit recovery can reach "
               "it and complete it, in every neighborhood.",
        "1.3": "Community condition: on-time graduation. The district is directly "
               "accountable for access to, attendance at and completion of summer classes.",
        "1.4": "Black or African American students have the lowest on-time graduation rate "
               "shown; improvement means their rate rises toward the others' while every "
               "group's rate rises.",
        "2.1": "On-time graduation by race and ethnicity, 2024 cohort (evidence 1). Still "
               "needed: who attended summer classes last year, from which schools, and how "
               "they travelled.",
        "2.2": "Black or African American students graduated on time at about 0.8 times the "
               "rate of White students (evidence 1). Students who are behind on credits "
               "are the ones summer classes serve, and a campus far from home adds a cost "
               "that falls hardest on families without a car.",
        "2.3": "The table cannot describe American Indian or Alaska Native and Native "
               "Hawaiian or Pacific Islander students (counts hidden). Travel and attendance "
               "are not in the data: ask students and families, and the schools' records.",
        "4.1": "The budget benefits from the savings. Students without a car or a short "
               "bus ride to the central campus would be burdened, and evidence 1 shows the "
               "lowest graduation rate among Black or African American students.",
        "4.2": "Keep classes at the two schools with the most students behind on credits, or "
               "fund transit passes and a bus; offer evening and online sections.",
        "4.3": "Yes, it could widen the graduation gap. The root cause is not students: it is "
               "where schools and transit are, and who can afford the trip.",
    }
    for k, v in answers.items():
        ws.set_answer(k, v)
    ws.affected_groups = ["Students behind on credits", "Black or African American students",
                          "Families without a car"]
    ws.impacts = [
        Impact("Students behind on credits who live far from the central campus", "burden",
               "A longer, costlier trip makes attending every day harder; the groups with "
               "the lowest on-time graduation rates (evidence 1) need the classes most.",
               [graduation.id]),
        Impact("District budget", "unclear", "Saves the cost of running four sites; the "
               "saving is not yet set against the cost of a bus or passes.", []),
    ]
    ws.strategies = [
        Strategy("Free transit passes and a shuttle", "mitigate harm",
                 "Every enrolled student gets a pass; a shuttle runs from the four former "
                 "sites.", ["Students behind on credits"]),
        Strategy("Keep classes where need is greatest", "advance equity",
                 "Keep sections at the two schools with the most students behind on credits.",
                 ["Black or African American students"]),
    ]
    ws.notes = _NOTE + (" This is the model answer to the tool lab's task: only steps 1, 2 "
                        "and 4 are filled in, as the task asks.")
    return ws


def build_examples(folder: Path | None = None) -> dict[str, Path]:
    """Write the example worksheets and the lab task's model answer to ``folder``.

    The default folder is the package's examples.
    """
    from ._examples import EXAMPLES, MODEL_ANSWERS

    files = {**EXAMPLES, **MODEL_ANSWERS}
    folder = folder or Path(__file__).with_name("examples")
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, builder in (("budget", _budget), ("policy", _policy), ("program", _program),
                          ("lab task", _lab_task)):
        ws = builder()
        for i, e in enumerate(ws.evidence):
            e.created = _DATE
            old, e.id = e.id, f"{ws.id[:12]}e{i + 1}"
            for imp in ws.impacts:
                imp.evidence = [e.id if x == old else x for x in imp.evidence]
        path = folder / files[name]
        doc = json.loads(dumps(ws))
        doc["saved_at"] = _DATE + "T00:00:00+00:00"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        out[name] = path
    return out


if __name__ == "__main__":  # pragma: no cover
    for name, path in build_examples().items():
        print(name, path)
