#!/bin/sh
# Regenerates the code from the .proto files and fails if that changed anything under src/gen
# (modified, deleted or new files): the committed code must be what the committed protos produce.
set -eu
cd "$(dirname "$0")/../../.."
npm run --silent gen
changes=$(git status --porcelain -- packages/contracts/src/gen)
if [ -n "$changes" ]; then
  echo "packages/contracts/src/gen is out of date with the .proto files:" >&2
  echo "$changes" >&2
  git --no-pager diff --stat -- packages/contracts/src/gen >&2
  echo "Run 'npm run gen' and commit the result." >&2
  exit 1
fi
echo "generated code is up to date"
