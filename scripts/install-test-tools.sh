#!/usr/bin/env bash
# Installs the real S3 clients the end-to-end tests drive (awscli, rclone, s3cmd, boto3) from Debian's packages,
# when they are missing. Idempotent; needs root (CI runs as root) or sudo.
set -euo pipefail

need=()
[ -x /usr/bin/aws ] || need+=(awscli)
[ -x /usr/bin/rclone ] || need+=(rclone)
[ -x /usr/bin/s3cmd ] || need+=(s3cmd)
/usr/bin/python3 -c 'import boto3' 2>/dev/null || need+=(python3-boto3)

if [ ${#need[@]} -eq 0 ]; then
  echo "install-test-tools: awscli, rclone, s3cmd and boto3 are present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-test-tools: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "install-test-tools: done"
