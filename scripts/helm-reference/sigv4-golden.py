"""Reference AWS Signature Version 4 signatures for helm-ts's signer (core/models/clients/amazon/sigv4.ts).

botocore's own SigV4Auth (what boto3, and so HELM's Bedrock clients, sign with) signs a few Bedrock
requests at a fixed time; the output lists each request (method, URL, headers, body) and the
Authorization header botocore computed, plus its canonical request and string to sign.

Usage (a venv with botocore, e.g. the one scripts/helm-reference/client-requests-golden.sh makes):
  /root/.cache/helm-ts/helm-clients-venv/bin/python scripts/helm-reference/sigv4-golden.py test/fixtures/models/sigv4-golden.json
"""

import datetime
import json
import sys
from hashlib import sha256

import botocore
import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

FIXED = datetime.datetime(2026, 12, 3, 17, 5, 9, tzinfo=datetime.timezone.utc)
# botocore asks this for the signing time.
botocore.auth.get_current_datetime = lambda: FIXED

CASES = [
    {
        "name": "invoke, colon in the model id (the path is encoded twice in the canonical request)",
        "region": "us-east-1",
        "credentials": {"access_key": "AKIDEXAMPLE", "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
        "url": "https://bedrock-runtime.us-east-1.amazonaws.com/model/mistral.mistral-7b-instruct-v0%3A2/invoke",
        "body": {"prompt": "[INST]Question: 2+2?\nAnswer:[/INST]", "temperature": 0, "top_p": 1, "max_tokens": 5},
    },
    {
        "name": "converse with a session token, other region",
        "region": "us-west-2",
        "credentials": {"access_key": "ASIAEXAMPLE", "secret_key": "secret/with+chars", "token": "FwoGZXIvYXdzEXAMPLE//token=="},
        "url": "https://bedrock-runtime.us-west-2.amazonaws.com/model/us.amazon.nova-premier-v1%3A0/converse",
        "body": {"messages": [{"role": "user", "content": [{"text": "Once upon a time ¾"}]}], "inferenceConfig": {"maxTokens": 2}},
    },
    {
        "name": "custom endpoint with a port and a query",
        "region": "eu-central-1",
        "credentials": {"access_key": "AKIDEXAMPLE", "secret_key": "s"},
        "url": "http://127.0.0.1:8080/base/model/amazon.titan-text-lite-v1/invoke?b=2&a=x%20y",
        "body": {"inputText": "é"},
    },
]


class RecordingSigV4Auth(SigV4Auth):
    """Keeps the canonical request and string to sign of the signature it computed."""

    recorded = ("", "")

    def string_to_sign(self, request, canonical_request):
        text = super().string_to_sign(request, canonical_request)
        self.recorded = (canonical_request, text)
        return text


def main():
    out = []
    for case in CASES:
        body = json.dumps(case["body"], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {
            "content-type": "application/json",
            "accept": "application/json",
            "x-amz-content-sha256": sha256(body).hexdigest(),
        }
        request = AWSRequest(method="POST", url=case["url"], data=body, headers=dict(headers))
        creds = case["credentials"]
        # Bedrock Runtime signs as service "bedrock" (its signingName).
        signer = RecordingSigV4Auth(Credentials(creds["access_key"], creds["secret_key"], creds.get("token")), "bedrock", case["region"])
        signer.add_auth(request)
        out.append(
            {
                **case,
                "body_text": body.decode("utf-8"),
                "headers": headers,
                "amz_date": request.headers["X-Amz-Date"],
                "canonical_request": signer.recorded[0],
                "string_to_sign": signer.recorded[1],
                "authorization": request.headers["Authorization"],
                "security_token": request.headers.get("X-Amz-Security-Token"),
            }
        )
    with open(sys.argv[1], "w") as f:
        json.dump({"botocore": botocore.__version__, "time": FIXED.isoformat(), "cases": out}, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
