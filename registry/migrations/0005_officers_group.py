"""The "Officers" group and its permissions. Administrators add officers to it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER_PERMISSIONS = [
    ("registry", "moderate_submission"),
    ("registry", "view_submission"),
    ("registry", "view_organisation"),
    ("registry", "change_organisation"),
    ("registry", "add_organisation"),
    ("registry", "view_contactperson"),
    ("registry", "change_contactperson"),
    ("registry", "add_contactperson"),
    ("registry", "view_problemreport"),
    ("registry", "change_problemreport"),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Officers")
    for app_label, codename in OFFICER_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Officers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_self_registration_and_moderation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
