"""Partnerships: what the municipality does together with and for the social economy.

Reference data (policy documents and their goals, municipal units, which officers work
for which municipality) and the log of efforts with their organisations, goals and
follow-up notes. Every change is kept in history tables (django-simple-history).
"""

from partnerships.models.efforts import (
    ZERO,
    Effort,
    EffortGoal,
    EffortOrganisation,
    EffortPayment,
    FollowUpNote,
    money_field,
)
from partnerships.models.reference import (
    MunicipalUnit,
    OfficerMembership,
    PolicyDocument,
    PolicyGoal,
    PolicyGoalQuerySet,
)
from partnerships.models.reports import (
    Answer,
    AnswerBlock,
    Question,
    ReportingRequest,
    ReportVersion,
)

__all__ = [
    "ZERO",
    "Answer",
    "AnswerBlock",
    "Effort",
    "EffortGoal",
    "EffortOrganisation",
    "EffortPayment",
    "FollowUpNote",
    "MunicipalUnit",
    "OfficerMembership",
    "PolicyDocument",
    "PolicyGoal",
    "PolicyGoalQuerySet",
    "Question",
    "ReportVersion",
    "ReportingRequest",
    "money_field",
]
