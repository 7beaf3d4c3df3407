"""A contribution's optional photo: checked by its content, capped in size, re-encoded
without its EXIF (no GPS position kept), served only to whoever may see the contribution."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from maillage.participation import photos
from maillage.participation.models import Contribution
from tests.conftest import login_verified
from tests.participation import builders


def _url(contribution):  # type: ignore[no-untyped-def]
    return reverse(
        "participation:contribution_photo", args=[contribution.territory.slug, contribution.pk]
    )


def _bytes(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def test_gps_exif_is_stripped(place):
    upload = builders.photo(gps=True)
    with Image.open(io.BytesIO(upload.read())) as original:
        assert original.getexif().get_ifd(0x8825), "the test image carries a GPS position"
    upload.seek(0)
    made = builders.contribution(place.territory, place.resident, photo=upload)
    made.photo.open()
    with Image.open(made.photo) as stored:
        assert stored.format == "JPEG" and stored.size == (40, 30)
        exif = stored.getexif()
        assert not exif.get_ifd(0x8825) and 0x010F not in exif
        assert "exif" not in stored.info
    assert made.photo.name.startswith("participation/contribution/")
    assert made.photo.name.endswith(".jpg")


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_are_kept_in_their_format(place, image_format):
    made = builders.contribution(
        place.territory,
        place.resident,
        photo=builders.photo(image_format=image_format, name="x.bin"),
    )
    made.photo.open()
    with Image.open(made.photo) as stored:
        assert stored.format == image_format


def test_form_refuses_what_is_not_a_photo_and_changes_nothing(place, client):
    login_verified(client, place.resident)
    url = reverse("participation:propose", args=[place.territory.slug])
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 pas une image", content_type="image/jpeg")
    response = client.post(url, {**builders.form_data(), "photo": fake})
    assert response.status_code == 400
    assert "La photo doit être une image JPEG, PNG ou WebP." in response.content.decode()
    gif = builders.photo(image_format="GIF", name="anim.gif")
    response = client.post(url, {**builders.form_data(), "photo": gif})
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_form_refuses_a_photo_too_big(place, client, monkeypatch):
    monkeypatch.setattr(photos, "PHOTO_MAX_BYTES", 100)
    login_verified(client, place.resident)
    url = reverse("participation:propose", args=[place.territory.slug])
    response = client.post(url, {**builders.form_data(), "photo": builders.photo()})
    assert response.status_code == 400
    assert "la limite est de 5 Mo" in response.content.decode()
    assert not Contribution.objects.exists()


def test_photo_is_public_only_once_published(place, client):
    login_verified(client, place.resident)
    response = client.post(
        reverse("participation:propose", args=[place.territory.slug]),
        {**builders.form_data(), "photo": builders.photo(gps=True)},
    )
    assert response.status_code == 302
    made = Contribution.objects.get()
    assert made.photo
    page = client.get(made.get_absolute_url()).content.decode()
    assert _url(made) in page
    mine = client.get(_url(made))
    assert mine.status_code == 200 and mine["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(_bytes(mine))) as served:
        assert not served.getexif().get_ifd(0x8825)
    client.logout()
    assert client.get(_url(made)).status_code == 404
    login_verified(client, place.resident2)
    assert client.get(_url(made)).status_code == 404
    from maillage.participation import services

    services.moderate_contribution(actor=place.coordinator, contribution=made, decision="published")
    client.logout()
    assert client.get(_url(made)).status_code == 200
    assert _url(made) in client.get(made.get_absolute_url()).content.decode()


def test_no_photo_answers_404(place, client):
    made = builders.contribution(
        place.territory, place.resident, moderation="published", moderator=place.coordinator
    )
    assert client.get(_url(made)).status_code == 404
