"""Just enough AWS for the startup's app with the Python standard library (AL2023 ships no boto3 for python3):
SigV4-signed SQS (query protocol) and Secrets Manager calls, credentials from the environment or the instance
role (IMDSv2). AWS_ENDPOINT_URL points every call at another endpoint (a local emulator in tests)."""
import datetime
import hashlib
import hmac
import json
import os
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

IMDS = "http://169.254.169.254"


def _credentials():
    if os.environ.get("AWS_ACCESS_KEY_ID"):
        return os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"], os.environ.get("AWS_SESSION_TOKEN")
    token_req = urllib.request.Request(IMDS + "/latest/api/token", method="PUT", headers={"X-aws-ec2-metadata-token-ttl-seconds": "300"})
    token = urllib.request.urlopen(token_req, timeout=2).read().decode()
    get = lambda path: urllib.request.urlopen(urllib.request.Request(IMDS + path, headers={"X-aws-ec2-metadata-token": token}), timeout=2).read().decode()
    role = get("/latest/meta-data/iam/security-credentials/").split()[0]
    c = json.loads(get("/latest/meta-data/iam/security-credentials/" + role))
    return c["AccessKeyId"], c["SecretAccessKey"], c["Token"]


def _sign(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def call(service, url, body, headers):
    """POSTs `body` to `url` signed for `service` in AWS_REGION; returns the response text."""
    region = os.environ.get("AWS_REGION", "us-east-1")
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        parsed = urllib.parse.urlparse(url)
        url = endpoint.rstrip("/") + (parsed.path or "/")
    access, secret, session = _credentials()
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    parsed = urllib.parse.urlparse(url)
    headers = dict(headers, Host=parsed.netloc, **{"X-Amz-Date": amz_date})
    if session:
        headers["X-Amz-Security-Token"] = session
    signed = sorted(k.lower() for k in headers)
    canonical_headers = "".join(f"{k}:{str(headers[[h for h in headers if h.lower() == k][0]]).strip()}\n" for k in signed)
    payload_hash = hashlib.sha256(body.encode()).hexdigest()
    request = "\n".join(["POST", parsed.path or "/", "", canonical_headers, ";".join(signed), payload_hash])
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(request.encode()).hexdigest()])
    key = _sign(_sign(_sign(_sign(("AWS4" + secret).encode(), day), region), service), "aws4_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = f"AWS4-HMAC-SHA256 Credential={access}/{scope}, SignedHeaders={';'.join(signed)}, Signature={signature}"
    req = urllib.request.Request(url, data=body.encode(), method="POST", headers=headers)
    with urllib.request.urlopen(req, timeout=25) as resp:
        return resp.read().decode()


def _sqs(queue_url, params):
    body = urllib.parse.urlencode(dict(params, Version="2012-11-05"))
    text = call("sqs", queue_url, body, {"Content-Type": "application/x-www-form-urlencoded"})
    return ET.fromstring(text)


def _find_all(root, name):
    return [e for e in root.iter() if e.tag.split("}")[-1] == name]


def send_message(queue_url, text):
    root = _sqs(queue_url, {"Action": "SendMessage", "MessageBody": text})
    return _find_all(root, "MessageId")[0].text


def receive_messages(queue_url, wait_seconds=10, max_messages=10):
    """[(receipt handle, body)]."""
    root = _sqs(queue_url, {"Action": "ReceiveMessage", "WaitTimeSeconds": str(wait_seconds), "MaxNumberOfMessages": str(max_messages)})
    out = []
    for m in _find_all(root, "Message"):
        fields = {c.tag.split("}")[-1]: c.text for c in m}
        out.append((fields["ReceiptHandle"], fields["Body"]))
    return out


def delete_message(queue_url, receipt_handle):
    _sqs(queue_url, {"Action": "DeleteMessage", "ReceiptHandle": receipt_handle})


def secret_string(secret_id):
    region = os.environ.get("AWS_REGION", "us-east-1")
    text = call(
        "secretsmanager",
        f"https://secretsmanager.{region}.amazonaws.com/",
        json.dumps({"SecretId": secret_id}),
        {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "secretsmanager.GetSecretValue"},
    )
    return json.loads(text)["SecretString"]
