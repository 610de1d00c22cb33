#!/usr/bin/env bash
# Cross-platform checks, run by `make cross`: go vet (which type-checks test files too) for each
# target other than the host, without cgo as a cross build has; go vet of the host with the
# zmq_poll tag (poll(2) backend and pipe signaler on Linux); and a Windows build, which must
# fail with the single error of internal/platform and nothing else.
set -euo pipefail

GO=${GO:-go}
targets=(darwin/amd64 darwin/arm64 freebsd/amd64 linux/arm64)

for t in "${targets[@]}"; do
  echo "cross: vet $t"
  GOOS=${t%/*} GOARCH=${t#*/} CGO_ENABLED=0 "$GO" vet ./...
done

echo "cross: vet -tags zmq_poll"
"$GO" vet -tags zmq_poll ./...

echo "cross: build windows/amd64 (must be refused)"
if out=$(GOOS=windows GOARCH=amd64 CGO_ENABLED=0 "$GO" build ./... 2>&1); then
  echo "cross: the Windows build succeeded; internal/platform should refuse it" >&2
  exit 1
fi
errors=$(grep -v '^#' <<<"$out" || true)
if [ "$(wc -l <<<"$errors")" -ne 1 ] || ! grep -q 'zreactor_does_not_support_windows_yet' <<<"$errors"; then
  echo "cross: the Windows build should fail with one error naming zreactor_does_not_support_windows_yet, got:" >&2
  echo "$out" >&2
  exit 1
fi
echo "cross: refused: $errors"
