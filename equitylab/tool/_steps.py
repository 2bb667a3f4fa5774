"""The six steps of the racial equity tool, their guiding questions and effort estimates.

The questions paraphrase the Government Alliance on Race and Equity's *Racial Equity
Toolkit* (Nelson and Brooks, 2016); they are not quotations. Each step's *central*
questions are the ones kept in fast-track mode, for when a full data-informed and
participatory process cannot be run.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ENGAGEMENT_SPECTRUM", "KINDS", "Question", "STEPS", "Step", "question", "step"]

#: What a worksheet can be about.
KINDS = ("budget", "policy", "program")

#: Levels of community engagement, from informing people to community ownership.
ENGAGEMENT_SPECTRUM = (
    "inform",
    "consult",
    "involve",
    "collaborate",
    "community ownership",
)


@dataclass(frozen=True)
class Question:
    """One guiding question.

    Parameters
    ----------
    id : str
        Stable key such as ``"2.1"``; answers are stored under it.
    text : str
        The question, paraphrased.
    central : bool
        Kept in fast-track mode.
    hint : str
        What a good answer contains.
    """

    id: str
    text: str
    central: bool
    hint: str = ""


@dataclass(frozen=True)
class Step:
    """One step of the tool.

    Parameters
    ----------
    number : int
        1 to 6.
    key : str
        Short machine name, e.g. ``"data"``.
    title : str
        Heading shown to people.
    purpose : str
        One sentence on why the step matters.
    questions : tuple of Question
        All guiding questions of the step.
    effort : str
        Rough effort for the full process.
    effort_fast : str
        Rough effort in fast-track mode.

    Examples
    --------
    >>> [q.id for q in step(4).guiding(fast_track=True)]
    ['4.1', '4.2']
    """

    number: int
    key: str
    title: str
    purpose: str
    questions: tuple[Question, ...]
    effort: str
    effort_fast: str

    def guiding(self, fast_track: bool = False) -> tuple[Question, ...]:
        """Return the questions to answer: all of them, or the central ones in fast track."""
        return tuple(q for q in self.questions if q.central or not fast_track)

    def effort_for(self, fast_track: bool = False) -> str:
        """Return the effort estimate for the chosen mode."""
        return self.effort_fast if fast_track else self.effort


STEPS: tuple[Step, ...] = (
    Step(
        1, "results", "Desired results and outcomes",
        "Start from the change you want in people's lives, then work back to the decision.",
        (
            Question("1.1", "Which decision is on the table (a budget request, policy, practice "
                     "or program), and what would it change?", True,
                     "Name the decision, who decides and by when."),
            Question("1.2", "What results do you want for the community, and what outcomes "
                     "would show that the department is contributing to them?", True,
                     "Write a desired-results statement about conditions of well-being, "
                     "then the agency outcomes that serve it."),
            Question("1.3", "Which community-wide conditions does the decision touch, and which "
                     "of them is the department accountable for directly?", False,
                     "Separate population-level conditions from your own performance."),
            Question("1.4", "Who is faring worst today, and what would improvement for them "
                     "look like without leaving anyone behind?", False,
                     "Think of a goal for everyone, reached by strategies suited to each "
                     "group and place."),
        ),
        "2 to 4 hours", "20 minutes",
    ),
    Step(
        2, "data", "Data",
        "Look at what the data says, for whom, and what it cannot say.",
        (
            Question("2.1", "Which data do you have about the people and places affected, "
                     "broken down by race and ethnicity and by geography?", True,
                     "Add at least one analysis as evidence, with counts behind every rate."),
            Question("2.2", "What does the data tell you about who is faring worse, and what "
                     "might explain it?", True,
                     "State the gap in plain words and name the systems that may produce it."),
            Question("2.3", "Which data is missing, unreliable or too small to publish, and "
                     "how will you fill those gaps, including by asking communities?", False,
                     "Say who recorded race and how, and which groups were too small to show."),
        ),
        "1 to 2 days", "30 minutes",
    ),
    Step(
        3, "engagement", "Community engagement",
        "Engagement runs through every step: those most affected help shape the decision.",
        (
            Question("3.1", "Which communities, especially those most affected, have been "
                     "engaged so far, and how?", True,
                     "Record each conversation in the engagement log."),
            Question("3.2", "How could engagement be widened or deepened, moving toward shared "
                     "decisions and community ownership?", True,
                     "Name who is missing and the next step on the engagement spectrum."),
            Question("3.3", "What did you hear, and what changed because of it?", False,
                     "Close the loop: tell people what their input changed."),
        ),
        "2 to 6 weeks (mostly waiting for meetings)", "30 minutes",
    ),
    Step(
        4, "analysis", "Analysis and strategies",
        "Name who benefits and who is burdened, and how to advance equity or reduce harm.",
        (
            Question("4.1", "Who would benefit from the proposal, and who would be burdened "
                     "by it?", True,
                     "Fill in the benefit/burden matrix, with evidence for each row."),
            Question("4.2", "Which strategies will advance racial equity or reduce the "
                     "unintended harms you found?", True,
                     "List strategies and mitigations, each tied to a group or a harm."),
            Question("4.3", "Could the proposal widen or ignore existing gaps, and what are "
                     "their root causes?", False,
                     "Look past individual behavior to institutions and structures."),
        ),
        "1 to 2 days", "30 minutes",
    ),
    Step(
        5, "implementation", "Implementation plan",
        "Turn the strategies into actions with owners, dates and resources.",
        (
            Question("5.1", "What is the plan for putting the decision into practice, with "
                     "the equity strategies built in?", True,
                     "Add plan items: action, owner, date and resources."),
            Question("5.2", "Is the plan realistic: does it have the money, staff, time and "
                     "authority it needs?", False,
                     "Say what is funded and what is not yet."),
        ),
        "half a day to a day", "20 minutes",
    ),
    Step(
        6, "accountability", "Accountability and communication",
        "Decide how you will know, and how the community will know, whether it worked.",
        (
            Question("6.1", "How will you stay accountable, report results to the community "
                     "and keep improving?", True,
                     "Say who reports what, to whom and how often."),
            Question("6.2", "Which population indicators and which performance measures will "
                     "you track, from what baseline, toward what target?", False,
                     "Performance measures answer: how much did we do, how well did we do "
                     "it, is anyone better off?"),
        ),
        "half a day", "20 minutes",
    ),
)

_QUESTIONS = {q.id: q for s in STEPS for q in s.questions}


def step(number: int) -> Step:
    """Return step ``number`` (1 to 6).

    Examples
    --------
    >>> step(2).title
    'Data'
    """
    if not 1 <= number <= len(STEPS):
        raise ValueError(f"Steps are numbered 1 to {len(STEPS)}, not {number!r}.")
    return STEPS[number - 1]


def question(qid: str) -> Question:
    """Return the question with id ``qid`` (e.g. ``"2.1"``).

    Examples
    --------
    >>> question("1.1").central
    True
    """
    try:
        return _QUESTIONS[qid]
    except KeyError:
        raise ValueError(
            f"Unknown question {qid!r}; ids are {', '.join(_QUESTIONS)}."
        ) from None
