package ipc

import (
	"os"
	"path/filepath"
)

// tmpEnv are the variables libzmq 4.3 looks in, in order, for the directory of "ipc://*".
var tmpEnv = []string{"TMPDIR", "TEMPDIR", "TMP"}

// wildcardDir makes the private directory (mode 0700, a unique "tmp..." name) of a
// "ipc://*" bind in the first of $TMPDIR, $TEMPDIR and $TMP that is a directory, as libzmq's
// create_ipc_wildcard_address does with mkdtemp. Where none is set libzmq uses the current
// directory; this uses os.TempDir (/tmp), so a wildcard bind never writes into the
// working directory. It returns the directory and the socket path inside it.
func wildcardDir() (dir, path string, err error) {
	parent := os.TempDir()
	for _, v := range tmpEnv {
		if d := os.Getenv(v); d != "" {
			if fi, err := os.Stat(d); err == nil && fi.IsDir() {
				parent = d
				break
			}
		}
	}
	dir, err = os.MkdirTemp(parent, "tmp")
	if err != nil {
		return "", "", err
	}
	return dir, filepath.Join(dir, "socket"), nil
}
