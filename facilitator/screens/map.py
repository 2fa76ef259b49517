"""The map of the screens: what each one is, what opens it, and with which key.

Read this first to find a feature: every screen is listed once, with the screen (or the
moment) that opens it and the key pressed there, so any feature is two hops from
`facilitator/app.py` (app → this map → the screen's module). `tests/test_screen_map.py`
walks every route with a key on the demo network, so the map cannot drift from the code,
and fails when a screen module holds a screen that is not on the map.

`opens_from` is the screen the key is pressed on (`None`: the app itself, at start-up or
from any screen); `key` is Textual's name of the key; `needs` names what must be true
first (a row under the cursor, a held gathering) where it is not obvious.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    screen: str  # the class, in `module`
    module: str  # below facilitator.screens
    what: str  # in a few words, for a newcomer
    opens_from: str | None  # the screen class the key is pressed on
    key: str | None  # None: opened by an event, not a key
    needs: str = ""


ROUTES: tuple[Route, ...] = (
    # start-up and everywhere
    Route("NetworksScreen", "networks", "the list of networks (the first screen)", None, None),
    Route("DraftsScreen", "drafts", "unsaved forms from last time: restore or discard",
          None, None, "drafts left by a crash or a kill"),
    Route("FatalScreen", "dialogs", "a database that cannot be opened, and why", None, None),
    Route("HelpScreen", "help", "every key of the screen below", None, "f1"),
    Route("Palette", "palette", "the command palette: every action by name", None, "ctrl+p"),
    # a network
    Route("NetworkForm", "network_form", "a new network", "NetworksScreen", "n"),
    Route("OverviewScreen", "overview", "one network: cycle, home work, evaluations",
          "NetworksScreen", "enter"),
    Route("MembersScreen", "members", "municipalities and their participants",
          "OverviewScreen", "m"),
    Route("MunicipalityPicker", "municipality_picker", "add a municipality to the network",
          "MembersScreen", "a"),
    Route("ParticipantForm", "participant_form", "a new participant", "MembersScreen", "n"),
    Route("MembershipForm", "membership_form", "a municipality's membership (cohort, dates)",
          "MembersScreen", "enter", "the cursor on a municipality"),
    Route("GatheringsScreen", "gatherings", "the gatherings (samlinger)", "OverviewScreen", "s"),
    Route("GatheringForm", "gathering_form", "a new gathering", "GatheringsScreen", "n"),
    Route("AttendanceScreen", "attendance", "who came to a gathering", "GatheringsScreen", "a"),
    Route("ThemeMatrixScreen", "theme_matrix", "gatherings × themes", "OverviewScreen", "t"),
    Route("EvaluationScreen", "evaluation", "typed entry of evaluation forms",
          "OverviewScreen", "v", "a gathering held"),
    Route("ResponsesScreen", "responses", "the responses typed, to correct or delete",
          "EvaluationScreen", "f5"),
    Route("EditResponseScreen", "responses", "correct one response", "ResponsesScreen",
          "enter", "a response under the cursor"),
    Route("ImportScreen", "import_evaluations", "import answers from Forms or Netigate",
          "GatheringsScreen", "i"),
    Route("ColumnPickScreen", "import_mapping", "choose the column for a question",
          "ImportScreen", "enter", "a file read, the cursor on a question"),
    Route("KioskSetupScreen", "kiosk_setup", "set up self-service evaluation (PIN)",
          "GatheringsScreen", "k"),
    Route("KioskScreen", "kiosk", "participants answer on the laptop", "KioskSetupScreen",
          "ctrl+s", "a PIN typed twice"),
    Route("KioskUnlockScreen", "kiosk_unlock", "the PIN to leave the kiosk", "KioskScreen", "ctrl+e"),
    Route("AssignmentsScreen", "assignments", "home work: status per municipality",
          "OverviewScreen", "h"),
    Route("AssignmentForm", "assignment_form", "a new home assignment", "AssignmentsScreen",
          "n"),
    Route("NoteScreen", "note_form", "the note of a home-work cell", "AssignmentsScreen", "o"),
    Route("MeetingsScreen", "meetings", "meetings in the municipalities", "OverviewScreen",
          "k"),
    Route("MeetingForm", "meeting_form", "a new meeting", "MeetingsScreen", "n"),
    Route("ExportScreen", "export", "the cycle summary: preview and export", "OverviewScreen",
          "x"),
    Route("QuestionsScreen", "questions", "the network's evaluation questions",
          "OverviewScreen", "p"),
    Route("QuestionForm", "questions", "a new question", "QuestionsScreen", "n"),
    # dialogs any screen may open for an action
    Route("ConfirmScreen", "dialogs", "a yes/no question before acting", None, None),
    Route("PickScreen", "pick", "choose one of a list", None, None),
)

# Base classes, not screens of their own.
BASES = frozenset({"BaseScreen", "BaseModal", "FormScreen", "ListScreen", "OrderedWritesScreen",
                   "TypedEntry"})
