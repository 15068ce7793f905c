"""A web form sent again after the server restarted (its first sending was filed, the answer
lost: found by the crash drill, bench/crash.py) shows the first filing and stores its files once,
not a second time on the same case."""

from __future__ import annotations

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import World
from lianxi.cases.models import Attachment, Case
from lianxi.cases.tests.test_attachments import tiny_png
from lianxi.cases.tests.test_intake_limits import _file_anonymously, _form


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("photo.png", tiny_png(), content_type="image/png")


def test_a_form_resent_after_a_restart_attaches_its_files_once(world: World) -> None:
    client = Client()
    token = _form(client)
    first = _file_anonymously(client, world, attachments=photo(), **token)
    assert first.status_code == 302
    cache.clear()  # a restart: the form-token marks lived in the lost process's cache
    again = _file_anonymously(Client(), world, attachments=photo(), **token)
    assert again.status_code == 302
    case = Case.objects.get()
    assert Attachment.objects.filter(case=case).count() == 1
