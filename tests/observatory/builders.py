"""Files and datasets for the observatory's tests, built through the services."""

from __future__ import annotations

import io
from typing import Any

from maillage.core.roles import Visibility
from maillage.observatory import services
from maillage.observatory.models import Dataset, ImportJob

INSEE_COMMUNES = (
    "CODGEO;LIBGEO;P21_POP;P21_POP0014;P21_POP1529;P21_POP75P;P21_CHOM1564;P21_ACT1564\n"
    "93014;Clichy-sous-Bois;29000;7500;7000;1200;3000;12000\n"
    "93005;Aulnay-sous-Bois;86000;s;16000;5000;6000;40000\n"
)

IRIS_CAF = (
    "IRIS;LIBIRIS;CAF_RSA;CAF_ALLOC\n"
    "930140101;Quartier A;3;120\n"
    "930140102;Quartier B;40;300\n"
    "930140103;Quartier C;25;250\n"
    "930140104;Quartier D;60;400\n"
)


def metadata(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Recensement 2021",
        "source": "INSEE",
        "vintage": "2021",
        "licence": "Licence Ouverte 2.0",
        "visibility": Visibility.PUBLIC,
        "restricted_to": [],
        "min_count": 5,
        "round_to_5": False,
        "period": 2021,
        **overrides,
    }


def upload(
    territory: Any,
    producer: Any,
    content: bytes | str,
    *,
    kind: str = ImportJob.Kind.INSEE,
    filename: str = "donnees.csv",
    actor: Any = None,
    **meta: Any,
) -> ImportJob:
    data = content.encode() if isinstance(content, str) else content
    return services.upload(
        actor=actor,
        territory=territory,
        producer=producer,
        kind=kind,
        file=io.BytesIO(data),
        filename=filename,
        size=len(data),
        metadata=metadata(**meta),
    )


def run(job: ImportJob, mapping: dict[str, Any] | None = None) -> ImportJob:
    if mapping is not None:
        services.save_mapping(actor=None, job=job, mapping=mapping)
    return services.run_import(job_id=job.pk)


def dataset(territory: Any, producer: Any, content: bytes | str, **kwargs: Any) -> Dataset:
    mapping = kwargs.pop("mapping", None)
    job = run(upload(territory, producer, content, **kwargs), mapping)
    assert job.state == ImportJob.State.DONE, job.errors
    assert job.dataset is not None
    return job.dataset
