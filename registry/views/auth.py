"""Officer sign-in on the portal's own pages (django.contrib.auth views, our templates)."""

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registry import outbox, ratelimit, signin
from socialeconomy.forms import style_form


class StyledFormMixin:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        style_form(form)
        return form


class LoginForm(auth_forms.AuthenticationForm):
    """Django's sign-in form, bounded and throttled (``registry.signin``) before the
    password is checked."""

    MAX_USERNAME = 150
    MAX_PASSWORD = 1024

    def clean(self):
        username = str(self.data.get("username", ""))
        password = str(self.data.get("password", ""))
        if len(username) > self.MAX_USERNAME or len(password) > self.MAX_PASSWORD:
            raise self.get_invalid_login_error()
        wait = signin.seconds_to_wait(self.request, username)
        if wait:
            raise ValidationError(
                ngettext(
                    "Too many failed sign-ins. Wait %(count)s second, then try again.",
                    "Too many failed sign-ins. Wait %(count)s seconds, then try again.",
                    wait,
                )
                % {"count": wait},
                code="wait",
            )
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                signin.failed(self.request, username)
            raise


class LoginView(StyledFormMixin, auth_views.LoginView):
    form_class = LoginForm
    template_name = "registry/auth/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": _("Officer sign-in")}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "wait"):
            response.status_code = 429
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        signin.succeeded(self.request, response, form.get_user().get_username())
        return response


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, its mail through the outbox (limited per recipient)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = " ".join(render_to_string(subject_template_name, context).split())
        html = (
            render_to_string(html_email_template_name, context) if html_email_template_name else ""
        )
        outbox.queue(
            to=to_email,
            template="password_reset",
            subject=subject,
            text=render_to_string(email_template_name, context),
            html=html,
        )


class PasswordResetView(StyledFormMixin, auth_views.PasswordResetView):
    """Over the per-address limit nothing is sent, and the answer is the same."""

    form_class = PasswordResetForm
    template_name = "registry/auth/password_reset_form.html"
    email_template_name = "registry/email/password_reset.txt"
    html_email_template_name = "registry/email/password_reset.html"
    subject_template_name = "registry/email/password_reset_subject.txt"
    success_url = reverse_lazy("registry:password-reset-done")

    def form_valid(self, form):
        if not ratelimit.hit(self.request, "password-reset"):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registry/auth/password_reset_done.html"


class PasswordResetConfirmView(StyledFormMixin, auth_views.PasswordResetConfirmView):
    template_name = "registry/auth/password_reset_confirm.html"
    success_url = reverse_lazy("registry:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registry/auth/password_reset_complete.html"
