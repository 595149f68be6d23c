"""A real S3 server on this machine for the media tests: moto's server mode on a free port, with the buckets the
storages use. `environment()` gives the PARVIS_S3_* variables an instance would set."""

import socket

import boto3
from moto.server import ThreadedMotoServer

BUCKET = "parvis-media"
PRIVATE_BUCKET = "parvis-private"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalS3:
    def __init__(self):
        self.port = free_port()
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "LocalS3":
        self.server.start()
        client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",  # noqa: S106 (moto accepts any key)
            region_name="us-east-1",
        )
        for bucket in (BUCKET, PRIVATE_BUCKET):
            client.create_bucket(Bucket=bucket)
        return self

    def stop(self) -> None:
        self.server.stop()

    def environment(self) -> dict[str, str]:
        return {
            "PARVIS_S3_BUCKET": BUCKET,
            "PARVIS_S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
            "PARVIS_S3_ENDPOINT_URL": self.endpoint,
            "PARVIS_S3_ACCESS_KEY_ID": "test",
            "PARVIS_S3_SECRET_ACCESS_KEY": "test",
            "PARVIS_S3_REGION": "us-east-1",
        }
