// Package kdctest runs a private MIT Kerberos KDC for tests: a realm, a service and a client
// principal with their keytabs, and krb5kdc on a free loopback port, all inside one directory.
// Nothing global is read or written: the files it makes are named through the environment
// variables MIT's GSS-API and internal/gss read (KRB5_CONFIG, KRB5_KTNAME, KRB5_CLIENT_KTNAME,
// KRB5CCNAME).
//
// It needs MIT's binaries (Debian: krb5-kdc, krb5-admin-server, krb5-user) but not root.
// Start skips the test when they are missing; New returns ErrUnavailable. A KDC starts in well
// under a second. A watchdog process kills it if the test binary dies without calling Close.
//
// Threading rule: a KDC's methods may be called from any goroutine, but Close only once no
// other call is running; Shared and StopShared may be called from any goroutine.
package kdctest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Defaults of Options.
const (
	DefaultRealm       = "ZREACTOR.TEST"
	DefaultServiceName = "zmqtest"
	DefaultServiceHost = "localhost"
	DefaultClient      = "zclient"
	DefaultPassword    = "clientpw"
)

// ErrUnavailable reports that MIT's KDC binaries are not installed.
var ErrUnavailable = errors.New("kdctest: MIT KDC binaries not found (install krb5-kdc krb5-admin-server krb5-user)")

// Options name the realm and its principals; zero fields take the defaults above.
type Options struct {
	Realm       string
	ServiceName string // the service part of the service principal
	ServiceHost string // its host part
	Client      string // the client principal's name (no realm)
	Password    string // the client's password
	// Enctypes is kdc.conf's supported_enctypes (default AES-SHA1 256 and 128).
	Enctypes string
}

// KDC is a running private KDC and the files it made.
type KDC struct {
	Dir   string // every file lives here
	Realm string
	Port  int // TCP and UDP on 127.0.0.1

	Config        string // krb5.conf
	ServiceKeytab string // the service principal's keys (KRB5_KTNAME)
	ClientKeytab  string // the client principal's keys (KRB5_CLIENT_KTNAME)
	AllKeytab     string // both
	CCache        string // a ccache path that does not exist until Kinit writes it

	ServicePrincipal string // zmqtest/localhost@ZREACTOR.TEST
	ServiceHostbased string // zmqtest@localhost
	ClientPrincipal  string // zclient@ZREACTOR.TEST
	ClientPassword   string

	kdc      *os.Process
	exited   chan error // krb5kdc's Wait result
	watchdog *exec.Cmd
}

// Available returns nil when the binaries a KDC needs are installed.
func Available() error {
	for _, b := range []string{"krb5kdc", "kdb5_util", "kadmin.local"} {
		if _, err := lookPath(b); err != nil {
			return ErrUnavailable
		}
	}
	return nil
}

// lookPath finds a binary on PATH or in the sbin directories MIT's daemons live in.
func lookPath(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", ErrUnavailable
}

// Start starts a KDC in a directory of t's, sets the environment MIT and internal/gss read
// for the rest of t (t.Setenv, so t and its parents must not be parallel), and stops the KDC
// when t ends. It skips t when the binaries are missing.
func Start(t testing.TB, opts ...Options) *KDC {
	t.Helper()
	if err := Available(); err != nil {
		t.Skip(err)
	}
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	k, err := New(t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = k.Close() })
	for _, kv := range k.Env() {
		name, value, _ := strings.Cut(kv, "=")
		t.Setenv(name, value)
	}
	return k
}

// New makes the realm in dir (which must exist and may be removed after Close) and starts
// krb5kdc on a free port. Close stops it.
func New(dir string, o Options) (*KDC, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	o = o.withDefaults()
	k := &KDC{
		Dir:              dir,
		Realm:            o.Realm,
		Config:           filepath.Join(dir, "krb5.conf"),
		ServiceKeytab:    filepath.Join(dir, "service.keytab"),
		ClientKeytab:     filepath.Join(dir, "client.keytab"),
		AllKeytab:        filepath.Join(dir, "all.keytab"),
		CCache:           filepath.Join(dir, "ccache"),
		ServicePrincipal: o.ServiceName + "/" + o.ServiceHost + "@" + o.Realm,
		ServiceHostbased: o.ServiceName + "@" + o.ServiceHost,
		ClientPrincipal:  o.Client + "@" + o.Realm,
		ClientPassword:   o.Password,
	}
	// A port another process takes between our probe and krb5kdc's bind makes the start
	// fail; a new port is tried then.
	var err error
	for try := 0; try < 3; try++ {
		if k.Port, err = freePort(); err != nil {
			return nil, err
		}
		if err = k.writeConfig(o); err != nil {
			return nil, err
		}
		if try == 0 {
			if err = k.createRealm(o); err != nil {
				return nil, err
			}
		}
		if err = k.startKDC(); err == nil {
			return k, nil
		}
	}
	return nil, err
}

func (o Options) withDefaults() Options {
	def := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	def(&o.Realm, DefaultRealm)
	def(&o.ServiceName, DefaultServiceName)
	def(&o.ServiceHost, DefaultServiceHost)
	def(&o.Client, DefaultClient)
	def(&o.Password, DefaultPassword)
	def(&o.Enctypes, "aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal")
	return o
}

// freePort returns a loopback port free for both TCP and UDP at the time of the call.
func freePort() (int, error) {
	for i := 0; i < 20; i++ {
		l, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := l.Addr().(*net.TCPAddr).Port
		u, uerr := net.ListenPacket("udp4", "127.0.0.1:"+strconv.Itoa(port))
		_ = l.Close()
		if uerr == nil {
			_ = u.Close()
			return port, nil
		}
	}
	return 0, errors.New("kdctest: no free port")
}

// Env returns the variables that point MIT's libraries and internal/gss at this realm, as
// NAME=value strings: KRB5_CONFIG, KRB5_KDC_PROFILE, KRB5_KTNAME (service keys),
// KRB5_CLIENT_KTNAME (client keys), KRB5CCNAME (MEMORY:, so a client gets its ticket from the
// client keytab), KRB5RCACHETYPE=none (MIT's acceptors keep no replay cache on disk).
func (k *KDC) Env() []string {
	return []string{
		"KRB5_CONFIG=" + k.Config,
		"KRB5_KDC_PROFILE=" + filepath.Join(k.Dir, "kdc.conf"),
		"KRB5_KTNAME=FILE:" + k.ServiceKeytab,
		"KRB5_CLIENT_KTNAME=FILE:" + k.ClientKeytab,
		"KRB5CCNAME=MEMORY:kdctest",
		"KRB5RCACHETYPE=none",
	}
}

// Close stops the KDC. The directory is left to its owner.
func (k *KDC) Close() error {
	if k.watchdog != nil && k.watchdog.Process != nil {
		_ = k.watchdog.Process.Kill()
		_ = k.watchdog.Wait()
		k.watchdog = nil
	}
	if k.kdc == nil {
		return nil
	}
	_ = k.kdc.Kill()
	<-k.exited
	k.kdc = nil
	return nil
}

// AddService creates the principal name (for example "other/localhost") with random keys and
// adds its keys to keytab (created if missing).
func (k *KDC) AddService(name, keytab string) error {
	return k.kadmin(fmt.Sprintf("addprinc -randkey %s@%s", name, k.Realm),
		fmt.Sprintf("ktadd -k %s %s@%s", keytab, name, k.Realm))
}

// AddUser creates the principal name with password pw, its keys added to keytab (keeping the
// password valid), unless keytab is empty.
func (k *KDC) AddUser(name, pw, keytab string) error {
	cmds := []string{fmt.Sprintf("addprinc -pw %s %s@%s", pw, name, k.Realm)}
	if keytab != "" {
		cmds = append(cmds, fmt.Sprintf("ktadd -norandkey -k %s %s@%s", keytab, name, k.Realm))
	}
	return k.kadmin(cmds...)
}

// Kinit runs MIT's kinit with the client keytab, writing a FILE ccache at path.
func (k *KDC) Kinit(path string) error {
	kinit, err := exec.LookPath("kinit")
	if err != nil {
		return fmt.Errorf("kdctest: kinit not found: %w", err)
	}
	cmd := exec.Command(kinit, "-k", "-t", k.ClientKeytab, "-c", "FILE:"+path, k.ClientPrincipal)
	cmd.Env = append(os.Environ(), "KRB5_CONFIG="+k.Config)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("kdctest: kinit: %v: %s", err, out)
	}
	return nil
}

// Log returns the KDC's log, for a failing test to print.
func (k *KDC) Log() string {
	b, _ := os.ReadFile(filepath.Join(k.Dir, "kdc.log"))
	return string(b)
}

// adminEnv is the environment of kadmin.local and kdb5_util.
func (k *KDC) adminEnv() []string {
	return append(os.Environ(), "KRB5_CONFIG="+k.Config, "KRB5_KDC_PROFILE="+filepath.Join(k.Dir, "kdc.conf"))
}

// kadmin runs kadmin.local with cmds on its standard input: one process for all of them.
func (k *KDC) kadmin(cmds ...string) error {
	bin, err := lookPath("kadmin.local")
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "-r", k.Realm)
	cmd.Env = k.adminEnv()
	cmd.Stdin = strings.NewReader(strings.Join(cmds, "\n") + "\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("kdctest: kadmin.local: %v: %s", err, out)
	}
	// kadmin.local exits 0 even when a request fails; its answers say so.
	s := strings.ToLower(string(out))
	for _, bad := range []string{"while ", "usage:", "does not exist", "error"} {
		if strings.Contains(s, bad) {
			return fmt.Errorf("kdctest: kadmin.local: %s", out)
		}
	}
	return nil
}

func (k *KDC) createRealm(o Options) error {
	if err := os.WriteFile(filepath.Join(k.Dir, "kadm5.acl"), nil, 0o600); err != nil {
		return err
	}
	bin, err := lookPath("kdb5_util")
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "create", "-s", "-r", k.Realm, "-P", "masterpw")
	cmd.Env = k.adminEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("kdctest: kdb5_util create: %v: %s", err, out)
	}
	svc := o.ServiceName + "/" + o.ServiceHost + "@" + k.Realm
	return k.kadmin(
		"addprinc -randkey "+svc,
		"addprinc -pw "+o.Password+" "+k.ClientPrincipal,
		"ktadd -k "+k.ServiceKeytab+" "+svc,
		// -norandkey keeps the password's keys, so password logins still work.
		"ktadd -norandkey -k "+k.ClientKeytab+" "+k.ClientPrincipal,
		"ktadd -norandkey -k "+k.AllKeytab+" "+svc+" "+k.ClientPrincipal,
	)
}

func (k *KDC) startKDC() error {
	bin, err := lookPath("krb5kdc")
	if err != nil {
		return err
	}
	logf, err := os.OpenFile(filepath.Join(k.Dir, "kdc.stdout"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(bin, "-n", "-r", k.Realm)
	cmd.Env = k.adminEnv()
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("kdctest: krb5kdc: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	addr := "127.0.0.1:" + strconv.Itoa(k.Port)
	deadline := time.Now().Add(5 * time.Second)
	for {
		select {
		case err := <-exited:
			return fmt.Errorf("kdctest: krb5kdc exited: %v\n%s", err, k.Log())
		default:
		}
		if c, err := net.DialTimeout("tcp4", addr, 100*time.Millisecond); err == nil {
			_ = c.Close()
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			<-exited
			return fmt.Errorf("kdctest: krb5kdc did not listen on %s\n%s", addr, k.Log())
		}
		time.Sleep(10 * time.Millisecond)
	}
	// cmd.Wait runs in the goroutine above: Close kills and waits on exited.
	k.kdc, k.exited = cmd.Process, exited
	k.startWatchdog()
	return nil
}

// startWatchdog starts a shell that kills the KDC once this process is gone, for test binaries
// that die (os.Exit, a panic in another goroutine, SIGKILL) without calling Close. It ends by
// itself when the KDC does.
func (k *KDC) startWatchdog() {
	script := fmt.Sprintf("while kill -0 %d 2>/dev/null && kill -0 %d 2>/dev/null; do sleep 1; done; kill %d 2>/dev/null",
		os.Getpid(), k.kdc.Pid, k.kdc.Pid)
	w := exec.Command("/bin/sh", "-c", script)
	if w.Start() == nil {
		k.watchdog = w
	}
}
