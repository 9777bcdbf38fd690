"""The files in an S3-compatible bucket, as production stores them: django-storages'
S3 backend against moto's server, started on the loopback and spoken to over real
HTTP (no mock of the storage class). The same settings a MinIO deployment uses
(KNOWLEDGE_S3_*; g40/settings.py)."""

import socket

import boto3
import pytest
from django.urls import reverse

from knowledge.models import FileVersion

from .factories import make_product, pdf_bytes

BUCKET = "g40-kennis"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_server, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "knowledge": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": "us-east-1",
                "location": "knowledge",
                "default_acl": None,
                "file_overwrite": False,
                "addressing_style": "path",
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_an_upload_lands_in_the_bucket_under_a_random_name(world, s3_storage):
    content = pdf_bytes("In de emmer")
    product = make_product(upload_content=content)
    version = FileVersion.objects.get(file__product=product)
    keys = [item["Key"] for item in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"knowledge/{version.blob.name}"]
    body = s3_storage.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read()
    assert body == content


def test_a_members_file_is_served_from_the_bucket_through_the_access_check(world, s3_storage):
    content = pdf_bytes("Alleen leden")
    product = make_product(upload_content=content)
    version = FileVersion.objects.get(file__product=product)
    url = reverse("knowledge:download", args=[version.pk])
    response = world.client("official_a").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment;")
    assert world.client("no_role").get(url).status_code == 403


def test_a_refused_upload_leaves_the_bucket_empty(world, s3_storage):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_product(upload_content=b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert s3_storage.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0) == 0
