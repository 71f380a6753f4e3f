"""After a change to the effort log commits, the overviews are ready for the next reader."""

import pytest
from django.core.cache import cache

from partnerships import followup
from partnerships.models import PolicyDocument
from tests.partnerships.factories import EffortFactory

pytestmark = pytest.mark.django_db


def test_overviews_are_computed_when_a_change_commits(
    motala_unit, motala_goals, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        effort = EffortFactory(responsible_unit=motala_unit, goals=[motala_goals["M4"]])
    document = PolicyDocument.objects.get(municipality_id="0583")
    # Only the version token is read: the figures come from the cache.
    with django_assert_max_num_queries(1):
        report = followup.cached_document_report(document, followup.Years())
    assert report.totals.efforts == 1
    assert report.totals.awarded == effort.amount_awarded
