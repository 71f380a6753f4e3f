"""Pages the law asks for: the privacy notice and the accessibility statement."""

from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def privacy(request):
    return render(request, "registry/pages/privacy.html")


@require_safe
def accessibility(request):
    return render(request, "registry/pages/accessibility.html")
