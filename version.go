package zmq

// ModuleVersion is this module's own version (semantic versioning; CHANGELOG.md has what each
// brought). Before 1.0.0 the public API may still change between minor versions, and the
// changelog says how. It is not the libzmq version the library follows: see Version.
const ModuleVersion = "0.1.0"

// The libzmq release whose behaviour, option values and error numbers the library follows.
// Its wire is tested against Debian's libzmq 4.3.4; where 4.3.5 fixed or renumbered something
// (ZMQ_RECONNECT_STOP_AFTER_DISCONNECT), the library follows 4.3.5.
const (
	VersionMajor = 4
	VersionMinor = 3
	VersionPatch = 5
)

// Version is zmq_version: the libzmq version the library follows.
func Version() (major, minor, patch int) { return VersionMajor, VersionMinor, VersionPatch }

// capabilities are zmq_has's answers: what this build of the library offers.
var capabilities = map[string]bool{
	"curve":  true,
	"ipc":    true,
	"gssapi": true,
	"pgm":    false,
	"tipc":   false,
	"norm":   false,
	"vmci":   false,
	"draft":  false,
}

// Has is zmq_has: whether the library offers a capability ("curve", "ipc", "gssapi", "pgm",
// "tipc", "norm", "vmci", "draft"). Unknown names report false.
func Has(capability string) bool { return capabilities[capability] }
