"""Officer sign-in on the portal's own pages (django.contrib.auth views, our templates)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from socialeconomy.forms import style_form


class StyledFormMixin:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        style_form(form)
        return form


class LoginView(StyledFormMixin, auth_views.LoginView):
    template_name = "registry/auth/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": _("Officer sign-in")}


class PasswordResetView(StyledFormMixin, auth_views.PasswordResetView):
    template_name = "registry/auth/password_reset_form.html"
    email_template_name = "registry/email/password_reset.txt"
    html_email_template_name = "registry/email/password_reset.html"
    subject_template_name = "registry/email/password_reset_subject.txt"
    success_url = reverse_lazy("registry:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registry/auth/password_reset_done.html"


class PasswordResetConfirmView(StyledFormMixin, auth_views.PasswordResetConfirmView):
    template_name = "registry/auth/password_reset_confirm.html"
    success_url = reverse_lazy("registry:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registry/auth/password_reset_complete.html"
