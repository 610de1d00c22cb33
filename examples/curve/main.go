// Command curve is the ZeroMQ guide's "Ironhouse" pattern with certificates: strong encryption
// and mutual authentication. Both sides have a CURVE key pair; the client knows the server's
// public key, and the server's authenticator (the auth package's ZAP handler) lets in only
// clients whose public certificates it finds in a directory, as czmq's zauth and pyzmq's
// configure_curve do.
//
// The program makes the certificates, saving them as czmq and pyzmq do (name.key and
// name.key_secret), loads them back, and runs an allowed client and a stranger.
//
//	go run ./examples/curve [-certs DIR]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/auth"
)

func main() {
	dir := flag.String("certs", "", "directory for the certificates (default: a temporary one, removed at the end)")
	flag.Parse()
	if *dir == "" {
		tmp, err := os.MkdirTemp("", "ironhouse")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		*dir = tmp
	}
	if err := run(*dir, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// makeCertificates writes the server's and the client's certificates: the secret ones in
// dir/private, the public ones in dir/public, where the server looks for known clients.
func makeCertificates(dir string) error {
	for _, sub := range []string{"public", "private"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return err
		}
	}
	for _, name := range []string{"server", "client"} {
		cert, err := zmq.NewCertificate()
		if err != nil {
			return err
		}
		cert.Metadata = map[string]string{"name": name}
		if err := cert.SavePublic(filepath.Join(dir, "public", name+".key")); err != nil {
			return err
		}
		if err := cert.SaveSecret(filepath.Join(dir, "private", name+".key_secret")); err != nil {
			return err
		}
	}
	return nil
}

func run(dir string, out io.Writer) error {
	if err := makeCertificates(dir); err != nil {
		return err
	}
	serverCert, err := zmq.LoadCertificate(filepath.Join(dir, "private", "server.key_secret"))
	if err != nil {
		return err
	}
	clientCert, err := zmq.LoadCertificate(filepath.Join(dir, "private", "client.key_secret"))
	if err != nil {
		return err
	}
	serverPublic, err := zmq.LoadCertificate(filepath.Join(dir, "public", "server.key"))
	if err != nil {
		return err
	}

	zctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	defer zctx.Close() // last: after the authenticator and the sockets

	// The authenticator must be running before the server accepts connections: a CURVE server
	// that finds no ZAP handler lets every client with a valid handshake in.
	a, err := auth.New(zctx)
	if err != nil {
		return err
	}
	defer a.Close()
	a.Allow("127.0.0.1") // address rules come first; CURVE keys after
	if err := a.AllowCurveCertificates("*", filepath.Join(dir, "public")); err != nil {
		return err
	}

	server, err := zctx.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer server.Close()
	server.SetLinger(0)
	serverCert.Apply(server) // the server's own key pair
	server.SetCurveServer(true)
	if err := server.Bind("tcp://127.0.0.1:*"); err != nil {
		return err
	}

	// The known client: its own key pair, and the server's public key.
	client, err := zctx.NewSocket(zmq.PULL)
	if err != nil {
		return err
	}
	defer client.Close()
	clientCert.Apply(client)
	client.SetCurveServerKey(serverPublic.PublicKey)
	client.SetRcvTimeo(5 * time.Second)
	client.Connect(server.LastEndpoint())
	if err := server.Send([]byte("Ironhouse test OK"), 0); err != nil {
		return err
	}
	m, err := client.RecvMsg(0)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "client received %q\n", m.Bytes())

	// A stranger with a valid key pair of its own that no certificate names is refused: its
	// handshake fails with ZAP status 400, and it is not retried.
	stranger, err := zmq.NewCertificate()
	if err != nil {
		return err
	}
	intruder, err := zctx.NewSocket(zmq.PULL)
	if err != nil {
		return err
	}
	defer intruder.Close()
	events, _ := intruder.Monitor(zmq.EventHandshakeFailedAuth | zmq.EventHandshakeSucceeded)
	stranger.Apply(intruder)
	intruder.SetCurveServerKey(serverPublic.PublicKey)
	intruder.Connect(server.LastEndpoint())
	select {
	case e := <-events:
		fmt.Fprintf(out, "stranger: %v\n", e.Kind)
		if e.Kind != zmq.EventHandshakeFailedAuth {
			return errors.New("the stranger got in")
		}
		fmt.Fprintf(out, "stranger refused with ZAP status %d\n", e.Value)
	case <-time.After(5 * time.Second):
		return errors.New("no verdict on the stranger")
	}
	return nil
}
