"""A registration's answers between its steps, kept server-side in the session.

The registration asks its questions on a few pages (``forms.REGISTRATION_STEPS``). What
each page sends is kept as it was sent (the raw values, valid or not), with whether the
page was valid, so that going back, forward or to a step's "Change" link shows
everything typed, with or without JavaScript. The key that makes a double submission
one registration is made when the draft starts and lives as long as it does.
"""

import re

from django.utils.datastructures import MultiValueDict

from registry.forms import REGISTRATION_STEPS, ContactForm, ContactFormSet, RegistrationStep
from socialeconomy.forms import new_key

SESSION_KEY = "registry_registration"
STEPS_BY_SLUG = {step.slug: step for step in REGISTRATION_STEPS}

# What the first step sends beside the organisation's fields (forms.SimilarNameForm).
_FIRST_STEP_EXTRAS = ("reg-homepage", "reg-not_a_duplicate")
_CONTACT_KEY = re.compile(
    r"^contacts-(?:(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS|(?P<index>\d)-(?P<field>\w+))$"
)


def _step_keys(step: RegistrationStep, data) -> list[str]:
    """The names in ``data`` that belong to ``step``, and no others (the session keeps
    nothing a page did not ask for)."""
    if step.fields:
        keys = [f"org-{name}" for name in step.fields]
        if step is REGISTRATION_STEPS[0]:
            keys += _FIRST_STEP_EXTRAS
        return [key for key in keys if key in data]
    keys = []
    for key in data:
        match = _CONTACT_KEY.match(key)
        if not match:
            continue
        if match["index"] is not None and (
            int(match["index"]) >= ContactFormSet.absolute_max
            or match["field"] not in ContactForm.base_fields
        ):
            continue
        keys.append(key)
    return keys


class RegistrationDraft:
    def __init__(self, session):
        self.session = session
        state = session.get(SESSION_KEY)
        if not isinstance(state, dict) or not isinstance(state.get("data"), dict):
            state = {"key": new_key(), "data": {}, "complete": []}
        self.state = state

    @property
    def key(self) -> str:
        return self.state["key"]

    def _save(self) -> None:
        self.session[SESSION_KEY] = self.state
        self.session.modified = True

    def store(self, step: RegistrationStep, data, *, complete: bool) -> None:
        """Keep what ``step`` sent, and whether it was valid."""
        self.state["data"][step.slug] = {key: data.getlist(key) for key in _step_keys(step, data)}
        done = set(self.state["complete"]) - {step.slug}
        if complete:
            done.add(step.slug)
        self.state["complete"] = sorted(done)
        self._save()

    def mark_incomplete(self, step: RegistrationStep) -> None:
        self.state["complete"] = [slug for slug in self.state["complete"] if slug != step.slug]
        self._save()

    def step_data(self, step: RegistrationStep) -> MultiValueDict | None:
        """What ``step`` sent last, or None if it was never sent."""
        stored = self.state["data"].get(step.slug)
        return None if stored is None else MultiValueDict(stored)

    def data(self) -> MultiValueDict:
        """Every step's answers together, as one form would have sent them."""
        combined = MultiValueDict()
        for stored in self.state["data"].values():
            for key, values in stored.items():
                combined.setlist(key, list(values))
        return combined

    def is_complete(self, step: RegistrationStep) -> bool:
        return step.slug in self.state["complete"]

    def first_incomplete(self, before: RegistrationStep | None = None) -> RegistrationStep | None:
        """The first step not yet answered validly (among those before ``before``)."""
        for step in REGISTRATION_STEPS:
            if step is before:
                return None
            if not self.is_complete(step):
                return step
        return None

    @property
    def is_spam(self) -> bool:
        first = self.step_data(REGISTRATION_STEPS[0])
        return bool(first and first.get("reg-homepage"))

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)
