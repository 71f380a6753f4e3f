"""Officer sign-in on the portal's own pages (django.contrib.auth views, our templates)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from registry.forms import apply_bootstrap_classes


class BootstrapFormMixin:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        apply_bootstrap_classes(form)
        return form


class LoginView(BootstrapFormMixin, auth_views.LoginView):
    template_name = "registry/auth/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": _("Officer sign-in")}


class PasswordResetView(BootstrapFormMixin, auth_views.PasswordResetView):
    template_name = "registry/auth/password_reset_form.html"
    email_template_name = "registry/email/password_reset.txt"
    html_email_template_name = "registry/email/password_reset.html"
    subject_template_name = "registry/email/password_reset_subject.txt"
    success_url = reverse_lazy("registry:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registry/auth/password_reset_done.html"


class PasswordResetConfirmView(BootstrapFormMixin, auth_views.PasswordResetConfirmView):
    template_name = "registry/auth/password_reset_confirm.html"
    success_url = reverse_lazy("registry:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registry/auth/password_reset_complete.html"
