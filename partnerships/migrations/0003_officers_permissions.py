"""Give the "Officers" group (registry 0005) what the partnerships pages need: read
everything, log and change efforts, notes and the reference data. Deleting stays with
administrators; which municipalities an officer writes for is ``OfficerMembership``."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER_PERMISSIONS = [
    (action, model)
    for model in (
        "effort",
        "effortorganisation",
        "effortgoal",
        "followupnote",
        "municipalunit",
        "policydocument",
        "policygoal",
    )
    for action in ("view", "add", "change")
] + [("view", "officermembership")]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("partnerships")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Officers")
    for action, model in OFFICER_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="partnerships", codename=f"{action}_{model}"
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Officers").first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="partnerships"))


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_policy_documents"),
        ("registry", "0005_officers_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
