package auth_test

import (
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/auth"
)

// A PLAIN server: the Authenticator checks each client's username and password, and the
// server's messages carry the User-Id it accepted.
func Example() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Close() // after the Authenticator and the sockets: deferred calls run last first

	a, err := auth.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	a.AddPlainUser("*", "admin", "secret")

	server, _ := ctx.NewSocket(zmq.PULL)
	defer server.Close()
	server.SetRcvTimeo(5 * time.Second)
	server.SetPlainServer(true)
	server.SetZapDomain("global")
	server.Bind("tcp://127.0.0.1:*")

	client, _ := ctx.NewSocket(zmq.PUSH)
	defer client.Close()
	client.SetLinger(0)
	client.SetPlainUsername("admin")
	client.SetPlainPassword("secret")
	client.Connect(server.LastEndpoint())
	client.Send([]byte("hello"), 0)

	m, err := server.RecvMsg(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s from %s\n", m.Bytes(), m.Property("User-Id"))
	// Output: hello from admin
}

// CURVE with client authentication ("Ironhouse"): only clients whose public key the
// Authenticator knows get in, and their User-Id is that key.
func ExampleAuthenticator_AllowCurveKeys() {
	ctx, _ := zmq.NewContext()
	defer ctx.Close()
	a, err := auth.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()

	serverPublic, serverSecret, _ := zmq.CurveKeypair()
	clientPublic, clientSecret, _ := zmq.CurveKeypair()
	if err := a.AllowCurveKeys("*", clientPublic); err != nil {
		log.Fatal(err)
	}

	server, _ := ctx.NewSocket(zmq.PULL)
	defer server.Close()
	server.SetRcvTimeo(5 * time.Second)
	server.SetCurveServer(true)
	server.SetCurvePublicKey(serverPublic)
	server.SetCurveSecretKey(serverSecret)
	server.Bind("tcp://127.0.0.1:*")

	client, _ := ctx.NewSocket(zmq.PUSH)
	defer client.Close()
	client.SetLinger(0)
	client.SetCurveServerKey(serverPublic)
	client.SetCurvePublicKey(clientPublic)
	client.SetCurveSecretKey(clientSecret)
	client.Connect(server.LastEndpoint())
	client.Send([]byte("sealed"), 0)

	m, err := server.RecvMsg(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(m.Bytes()), m.Property("User-Id") == clientPublic)
	// Output: sealed true
}

// Address rules apply to every mechanism. A NULL server asks the Authenticator only when it
// has a ZAP domain.
func ExampleAuthenticator_Allow() {
	ctx, _ := zmq.NewContext()
	defer ctx.Close()
	a, err := auth.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	if err := a.Allow("127.0.0.1", "10.0.0.0/8"); err != nil {
		log.Fatal(err)
	}

	server, _ := ctx.NewSocket(zmq.PULL)
	defer server.Close()
	server.SetZapDomain("internal")
	server.SetRcvTimeo(5 * time.Second)
	server.Bind("tcp://127.0.0.1:*")

	client, _ := ctx.NewSocket(zmq.PUSH)
	defer client.Close()
	client.SetLinger(0)
	client.Connect(server.LastEndpoint())
	client.Send([]byte("from loopback"), 0)

	m, err := server.RecvMsg(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(m.Bytes()), m.Property("Peer-Address"))
	// Output: from loopback 127.0.0.1
}

// Users can be loaded per domain; "*" covers the domains that have no entry for a user.
func ExampleAuthenticator_SetPlainUsers() {
	ctx, _ := zmq.NewContext()
	defer ctx.Close()
	a, err := auth.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()

	a.SetPlainUsers("*", map[string]string{"monitor": "m0n"})
	a.SetPlainUsers("billing", map[string]string{"alice": "a1ice", "bob": "b0b"})
	if err := a.SetPlainMetadata("billing", "alice", map[string]string{"X-Role": "admin"}); err != nil {
		log.Fatal(err)
	}
	// A server with SetZapDomain("billing") now accepts alice, bob and monitor; any other
	// PLAIN server accepts monitor only.
}

// Decisions go to a log/slog logger: refusals at Info, acceptances at Debug.
func ExampleWithLogger() {
	ctx, _ := zmq.NewContext()
	defer ctx.Close()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := auth.New(ctx, auth.WithLogger(logger))
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	// time=... level=INFO msg="ZAP denied" status=400 reason="wrong password" domain=global
	// address=192.0.2.7 mechanism=PLAIN user=admin
}
