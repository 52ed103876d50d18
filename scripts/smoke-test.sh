#!/usr/bin/env bash
# Smoke test of a running node with real S3 clients: boto3, awscli, rclone and s3cmd (Debian's packages; install
# them with scripts/install-test-tools.sh). In the spirit of Garage's script/test-smoke.sh.
#
# Usage: scripts/smoke-test.sh ENDPOINT ACCESS_KEY SECRET [EXISTING_BUCKET]
#   ENDPOINT         the S3 endpoint, e.g. http://127.0.0.1:3900
#   ACCESS_KEY       a key that may create buckets (the default for `garage-orleans key create`)
#   EXISTING_BUCKET  optional: a bucket made beforehand (`garage-orleans bucket create` + `bucket allow --read
#                    --write`) in which the key puts, lists, gets and deletes one object
# Each client works in a bucket of its own (smoke-<client>-<run id>) that it removes at the end. Every step says
# what it does; the first failure stops the script with a non-zero exit. The last line is "smoke: OK".
set -euo pipefail

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: $0 ENDPOINT ACCESS_KEY SECRET [EXISTING_BUCKET]" >&2
  exit 2
fi
ENDPOINT=${1%/}
ACCESS_KEY=$2
SECRET=$3
EXISTING=${4:-}
HOSTPORT=${ENDPOINT#*://}
HOSTPORT=${HOSTPORT%%/*}

# The Debian clients, never whatever comes first on PATH (a pyenv python or aws may lack the modules).
AWS=/usr/bin/aws
RCLONE=/usr/bin/rclone
S3CMD=/usr/bin/s3cmd
PY=/usr/bin/python3
CURL=/usr/bin/curl

missing=()
for tool in "$AWS" "$RCLONE" "$S3CMD" "$PY" "$CURL"; do
  [ -x "$tool" ] || missing+=("$tool")
done
if [ -x "$PY" ] && ! "$PY" -c 'import boto3' 2>/dev/null; then missing+=("python3-boto3"); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "smoke: FAIL: missing ${missing[*]}: run scripts/install-test-tools.sh" >&2
  exit 1
fi

# AWS_CA_BUNDLE stops rclone 1.60 from starting; the rest would override the settings below.
unset AWS_CA_BUNDLE AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION \
  AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
export AWS_EC2_METADATA_DISABLED=true AWS_PAGER=""

WORK=$(mktemp -d "${TMPDIR:-/tmp}/garage-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RUN=$(date +%s)-$$

step() { echo "smoke: [${SECONDS}s] $*"; }
fail() {
  echo "smoke: FAIL: $*" >&2
  exit 1
}
# contains TEXT NEEDLE: TEXT has a line containing NEEDLE (fixed string).
contains() { grep -qF -- "$2" <<<"$1"; }
# slice FILE OFFSET LENGTH: LENGTH bytes of FILE from OFFSET (no tail|head: pipefail would see head's SIGPIPE).
slice() { dd if="$1" iflag=skip_bytes,count_bytes skip="$2" count="$3" bs=1M status=none; }
json_field() { "$PY" -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# ---------------------------------------------------------------------------------------------------- test data
step "making test files in $WORK"
head -c 1234 /dev/urandom >"$WORK/small.bin"
head -c 100M /dev/urandom >"$WORK/big.bin"
BIG_SIZE=$((100 * 1024 * 1024))
TREE="$WORK/tree"
mkdir -p "$TREE/nested/deep/er" "$TREE/dir with spaces" "$TREE/ünïcødé 日本"
echo "hello" >"$TREE/a.txt"
: >"$TREE/empty.txt"
head -c 70000 /dev/urandom >"$TREE/nested/deep/er/x.bin"
head -c 9M /dev/urandom >"$TREE/nested/nine-mib.bin"
echo "spaces" >"$TREE/dir with spaces/file with spaces.txt"
echo "utf-8" >"$TREE/ünïcødé 日本/naïve café.txt"
echo "reserved characters" >"$TREE/nested/a+b=c&d;e,f.txt"

# ---------------------------------------------------------------------------------------------------- boto3
step "boto3: create bucket, put/get (plain, CRC32, SHA256 checksums), a PUT after an empty PUT on one connection, 12 MiB multipart via the transfer manager, delete"
"$PY" - "$ENDPOINT" "$ACCESS_KEY" "$SECRET" "smoke-boto3-$RUN" <<'EOF'
import io
import os
import sys
import time

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ReadTimeoutError

endpoint, access_key, secret, bucket = sys.argv[1:5]


def client(**config):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret,
        region_name="garage",
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}, **config),
    )


s3 = client(read_timeout=30)


def check(condition, message):
    if not condition:
        sys.exit("boto3: " + message)


s3.create_bucket(Bucket=bucket)
data = os.urandom(300 * 1024)
s3.put_object(Bucket=bucket, Key="plain.bin", Body=data)
check(s3.get_object(Bucket=bucket, Key="plain.bin")["Body"].read() == data, "plain.bin read back differs")
for algorithm in ("CRC32", "SHA256"):
    key = "checksum-%s.bin" % algorithm.lower()
    s3.put_object(Bucket=bucket, Key=key, Body=data, ChecksumAlgorithm=algorithm)
    got = s3.get_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
    check(got["Body"].read() == data, "%s read back differs" % key)

# botocore sends PutObject with "Expect: 100-continue". If a server answers one without a "100 Continue" (an empty
# body gives it nothing to wait for), botocore misreads the next response on that connection and waits for the read
# timeout (boto/botocore#3010). S3 answers 100 Continue even for an empty body; so must we.
# The symptom is a wait for the whole read timeout, then either success or a ReadTimeoutError.
one = client(max_pool_connections=1, read_timeout=10)
one.put_object(Bucket=bucket, Key="empty.bin", Body=b"")
started = time.monotonic()
try:
    one.put_object(Bucket=bucket, Key="after-empty.bin", Body=b"x" * 1000)
    stalled = None if time.monotonic() - started < 5 else "answered only after %.1f s" % (time.monotonic() - started)
except ReadTimeoutError as e:
    stalled = str(e)
if stalled:
    sys.exit(
        "boto3: the PUT that followed an empty PUT on the same connection stalled (%s): the server answered the "
        "empty PUT's 'Expect: 100-continue' without '100 Continue', and botocore then misreads the next response "
        "(boto/botocore#3010); send 100 Continue, or close the connection after such a response" % stalled
    )
check(one.get_object(Bucket=bucket, Key="empty.bin")["Body"].read() == b"", "empty.bin is not empty")

big = os.urandom(12 * 1024 * 1024)
transfer = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
s3.upload_fileobj(io.BytesIO(big), bucket, "multi.bin", Config=transfer)
down = io.BytesIO()
s3.download_fileobj(bucket, "multi.bin", down, Config=transfer)
check(down.getvalue() == big, "multi.bin read back differs")

keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))
expected = ["after-empty.bin", "checksum-crc32.bin", "checksum-sha256.bin", "empty.bin", "multi.bin", "plain.bin"]
check(keys == expected, "listing: %r" % keys)
result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
check(not result.get("Errors"), "delete_objects errors: %r" % result.get("Errors"))
check(not s3.list_objects_v2(Bucket=bucket).get("Contents"), "objects left after delete_objects")
s3.delete_bucket(Bucket=bucket)
print("boto3: ok")
EOF

# ---------------------------------------------------------------------------------------------------- awscli
export AWS_CONFIG_FILE="$WORK/aws-config" AWS_SHARED_CREDENTIALS_FILE="$WORK/aws-credentials"
cat >"$AWS_CONFIG_FILE" <<EOF
[default]
region = garage
retry_mode = standard
max_attempts = 1
s3 =
  addressing_style = path
EOF
cat >"$AWS_SHARED_CREDENTIALS_FILE" <<EOF
[default]
aws_access_key_id = $ACCESS_KEY
aws_secret_access_key = $SECRET
EOF
# One attempt (max_attempts above) and a 30 s read timeout: a retry would hide a server error or a stall.
awsc() { "$AWS" --endpoint-url "$ENDPOINT" --cli-read-timeout 30 "$@"; }
# s3 transfer commands (cp, mv, sync) without the progress meter.
awst() { "$AWS" --endpoint-url "$ENDPOINT" --cli-read-timeout 30 s3 "$1" --no-progress "${@:2}"; }
B="smoke-aws-$RUN"

step "aws: a wrong secret is refused"
if AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=wrong-secret awsc s3 ls >"$WORK/out" 2>&1; then
  fail "ListBuckets with a wrong secret succeeded: $(cat "$WORK/out")"
fi
contains "$(cat "$WORK/out")" "SignatureDoesNotMatch" || fail "wrong secret: expected SignatureDoesNotMatch, got: $(cat "$WORK/out")"

step "aws: s3 mb s3://$B"
awsc s3 mb "s3://$B"
contains "$(awsc s3 ls)" "$B" || fail "s3 ls does not list the new bucket $B"

step "aws: s3 cp of a small file up and down"
awst cp "$WORK/small.bin" "s3://$B/small.bin"
awst cp "s3://$B/small.bin" "$WORK/small.down"
cmp "$WORK/small.bin" "$WORK/small.down"

step "aws: s3 cp of a 100 MiB file up (multipart, 8 MiB parts) and down"
awst cp "$WORK/big.bin" "s3://$B/big/big.bin"
awst cp "s3://$B/big/big.bin" "$WORK/big.down"
cmp "$WORK/big.bin" "$WORK/big.down"
rm -f "$WORK/big.down"

step "aws: s3api head-object of the multipart object"
head_json=$(awsc s3api head-object --bucket "$B" --key big/big.bin --output json)
[ "$(json_field ContentLength <<<"$head_json")" = "$BIG_SIZE" ] || fail "head-object ContentLength: $head_json"
etag=$(json_field ETag <<<"$head_json")
case "$etag" in *-13\") ;; *) fail "multipart ETag $etag should end in -13 (13 parts of 8 MiB)" ;; esac

step "aws: s3api get-object --range across block boundaries, and a suffix range"
awsc s3api get-object --bucket "$B" --key big/big.bin --range bytes=1048570-3145740 "$WORK/range.down" --output json >"$WORK/range.json"
slice "$WORK/big.bin" 1048570 $((3145740 - 1048570 + 1)) | cmp - "$WORK/range.down"
[ "$(json_field ContentRange <"$WORK/range.json")" = "bytes 1048570-3145740/$BIG_SIZE" ] || fail "ContentRange: $(cat "$WORK/range.json")"
awsc s3api get-object --bucket "$B" --key big/big.bin --range bytes=-1000 "$WORK/suffix.down" --output json >/dev/null
slice "$WORK/big.bin" $((BIG_SIZE - 1000)) 1000 | cmp - "$WORK/suffix.down"

step "aws: s3 ls at the root, of a prefix, and recursive"
awst cp "$WORK/small.bin" "s3://$B/dir/a/one.bin"
awst cp "$WORK/small.bin" "s3://$B/dir/b/two.bin"
listing=$(awsc s3 ls "s3://$B/")
for needle in "PRE big/" "PRE dir/" "small.bin"; do contains "$listing" "$needle" || fail "s3 ls s3://$B/ lacks '$needle':"$'\n'"$listing"; done
listing=$(awsc s3 ls "s3://$B/dir/")
for needle in "PRE a/" "PRE b/"; do contains "$listing" "$needle" || fail "s3 ls s3://$B/dir/ lacks '$needle':"$'\n'"$listing"; done
listing=$(awsc s3 ls --recursive "s3://$B")
[ "$(wc -l <<<"$listing")" -eq 4 ] || fail "s3 ls --recursive should list 4 objects:"$'\n'"$listing"
for needle in "big/big.bin" "dir/a/one.bin" "dir/b/two.bin" "small.bin"; do contains "$listing" "$needle" || fail "recursive listing lacks $needle"; done

step "aws: s3 sync of a tree (nested dirs, an empty file, spaces, UTF-8, reserved characters) up and back down"
awst sync "$TREE" "s3://$B/tree"
awst sync "s3://$B/tree" "$WORK/tree.down"
diff -r "$TREE" "$WORK/tree.down"
again=$(awst sync "$TREE" "s3://$B/tree")
[ -z "$again" ] || fail "a second sync of an unchanged tree uploaded again:"$'\n'"$again"

step "aws: s3 mv (server-side copy, then delete)"
awst mv "s3://$B/small.bin" "s3://$B/moved/small.bin"
if awsc s3api head-object --bucket "$B" --key small.bin >/dev/null 2>&1; then fail "small.bin still exists after s3 mv"; fi
awst cp "s3://$B/moved/small.bin" "$WORK/moved.down"
cmp "$WORK/small.bin" "$WORK/moved.down"

step "aws: s3 presign, then curl the URL"
url=$(awsc s3 presign "s3://$B/moved/small.bin" --expires-in 300)
"$CURL" -sS -f -o "$WORK/presigned.down" "$url"
cmp "$WORK/small.bin" "$WORK/presigned.down"

if [ -n "$EXISTING" ]; then
  step "aws: put, list, get and delete in the pre-made bucket $EXISTING"
  awst cp "$WORK/small.bin" "s3://$EXISTING/smoke-$RUN.bin"
  contains "$(awsc s3 ls "s3://$EXISTING/")" "smoke-$RUN.bin" || fail "s3 ls s3://$EXISTING/ lacks smoke-$RUN.bin"
  awst cp "s3://$EXISTING/smoke-$RUN.bin" "$WORK/existing.down"
  cmp "$WORK/small.bin" "$WORK/existing.down"
  awsc s3 rm --only-show-errors "s3://$EXISTING/smoke-$RUN.bin"
fi

step "aws: s3 rm --recursive, s3 rb"
awsc s3 rm --only-show-errors --recursive "s3://$B"
left=$(awsc s3 ls --recursive "s3://$B" || true)
[ -z "$left" ] || fail "objects left after s3 rm --recursive:"$'\n'"$left"
awsc s3 rb "s3://$B"
if awsc s3 ls "s3://$B" >/dev/null 2>&1; then fail "bucket $B still exists after s3 rb"; fi

# ---------------------------------------------------------------------------------------------------- rclone
export RCLONE_CONFIG="$WORK/rclone.conf"
: >"$RCLONE_CONFIG"
export RCLONE_CONFIG_GO_TYPE=s3 RCLONE_CONFIG_GO_PROVIDER=Other RCLONE_CONFIG_GO_ENDPOINT="$ENDPOINT" \
  RCLONE_CONFIG_GO_ACCESS_KEY_ID="$ACCESS_KEY" RCLONE_CONFIG_GO_SECRET_ACCESS_KEY="$SECRET" \
  RCLONE_CONFIG_GO_REGION=garage RCLONE_CONFIG_GO_FORCE_PATH_STYLE=true
# One try each: a retry would hide a server error.
rc() { "$RCLONE" --retries 1 --low-level-retries 1 "$@"; }
R="smoke-rclone-$RUN"

step "rclone: mkdir go:$R"
rc mkdir "go:$R"
contains "$(rc lsd go:)" "$R" || fail "rclone lsd go: does not list $R"

step "rclone: copy the tree up, then check it (sizes and MD5s)"
rc copy "$TREE" "go:$R/tree"
rc check "$TREE" "go:$R/tree"

step "rclone: server-side copyto, lsf"
rc copyto "go:$R/tree/nested/nine-mib.bin" "go:$R/copy/nine-copy.bin"
rc copyto "go:$R/tree/a.txt" "go:$R/copy/a-copy.txt"
[ "$(rc lsf "go:$R/copy")" = $'a-copy.txt\nnine-copy.bin' ] || fail "rclone lsf go:$R/copy: $(rc lsf "go:$R/copy")"
rc cat "go:$R/copy/nine-copy.bin" | cmp - "$TREE/nested/nine-mib.bin"
[ "$(rc lsf -R --files-only "go:$R/tree" | wc -l)" -eq 7 ] || fail "rclone lsf -R of the tree: $(rc lsf -R "go:$R/tree")"

step "rclone: cat --offset/--count (a range)"
rc cat --offset 1000 --count 5000 "go:$R/tree/nested/deep/er/x.bin" >"$WORK/rclone-range.down"
slice "$TREE/nested/deep/er/x.bin" 1000 5000 | cmp - "$WORK/rclone-range.down"

step "rclone: deletefile, delete, purge"
rc deletefile "go:$R/copy/a-copy.txt"
[ "$(rc lsf "go:$R/copy")" = "nine-copy.bin" ] || fail "after deletefile: $(rc lsf "go:$R/copy")"
rc delete "go:$R/copy"
[ -z "$(rc lsf "go:$R/copy")" ] || fail "after delete: $(rc lsf "go:$R/copy")"
rc purge "go:$R"
if contains "$(rc lsd go:)" "$R"; then fail "bucket $R still listed after purge"; fi

# ---------------------------------------------------------------------------------------------------- s3cmd
S3CFG="$WORK/s3cfg"
cat >"$S3CFG" <<EOF
[default]
access_key = $ACCESS_KEY
secret_key = $SECRET
host_base = $HOSTPORT
host_bucket = $HOSTPORT
use_https = False
signature_v2 = False
bucket_location = garage
check_ssl_certificate = False
EOF
s3c() { "$S3CMD" -c "$S3CFG" --no-progress "$@"; }
S="smoke-s3cmd-$RUN"

step "s3cmd: mb s3://$S"
s3c mb "s3://$S"

step "s3cmd: put a small file, and a 9 MiB file in 5 MiB multipart chunks"
s3c put "$WORK/small.bin" "s3://$S/small.bin"
s3c put --multipart-chunk-size-mb=5 "$TREE/nested/nine-mib.bin" "s3://$S/nine.bin"

step "s3cmd: ls"
listing=$(s3c ls "s3://$S")
for needle in "s3://$S/small.bin" "s3://$S/nine.bin"; do contains "$listing" "$needle" || fail "s3cmd ls lacks $needle:"$'\n'"$listing"; done

step "s3cmd: get + cmp"
s3c get "s3://$S/small.bin" "$WORK/s3cmd-small.down"
cmp "$WORK/small.bin" "$WORK/s3cmd-small.down"
s3c get "s3://$S/nine.bin" "$WORK/s3cmd-nine.down"
cmp "$TREE/nested/nine-mib.bin" "$WORK/s3cmd-nine.down"

step "s3cmd: cp (server-side)"
s3c cp "s3://$S/small.bin" "s3://$S/copy.bin"
s3c get "s3://$S/copy.bin" "$WORK/s3cmd-copy.down"
cmp "$WORK/small.bin" "$WORK/s3cmd-copy.down"

step "s3cmd: del, rb"
s3c del "s3://$S/small.bin" "s3://$S/nine.bin" "s3://$S/copy.bin"
[ -z "$(s3c ls "s3://$S")" ] || fail "objects left after s3cmd del: $(s3c ls "s3://$S")"
s3c rb "s3://$S"

echo "smoke: all steps passed in ${SECONDS}s"
echo "smoke: OK"
