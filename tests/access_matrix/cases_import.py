"""Access to the import pages (registry.views.imports): any officer may upload (into
their own municipalities, checked on the server); an import belongs to its
municipality's officers and the administrators."""

from tests.access_matrix.rules import NOT_ALLOWED, OFFICER, OWN_MUNICIPALITY, Case


def _job(w):
    from registry.models import ImportJob

    job = ImportJob.objects.create(
        created_by=w.officer_own,
        municipality_id=getattr(w.own_municipality, "pk", w.own_municipality),
        file_name="register.csv",
        headers=["Namn"],
        rows=[[2, ["Matrisföreningen"]]],
        mapping={"columns": {"0": "name"}},
    )
    return {"pk": job.pk}


CASES = [
    Case("registry:import-upload", get=OFFICER, post=OFFICER),
    Case("registry:import-mapping", kwargs=_job, get=OWN_MUNICIPALITY, post=OWN_MUNICIPALITY),
    Case("registry:import-job", kwargs=_job, get=OWN_MUNICIPALITY, post=NOT_ALLOWED),
    Case("registry:import-apply", kwargs=_job, get=NOT_ALLOWED, post=OWN_MUNICIPALITY),
]
