package zmq_test

import (
	"fmt"
	"log"

	"github.com/zreactor/zmq"
)

// Z85 turns binary data, 4 bytes at a time, into printable text (RFC 32).
func ExampleZ85Encode() {
	text, err := zmq.Z85Encode([]byte{0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(text)
	// Output: HelloWorld
}

func ExampleZ85Decode() {
	data, err := zmq.Z85Decode("HelloWorld")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("% X\n", data)
	// Output: 86 4F D2 6F B5 59 F7 5B
}

// A new CURVE key pair, both keys as 40 Z85 characters.
func ExampleCurveKeypair() {
	public, secret, err := zmq.CurveKeypair()
	if err != nil {
		log.Fatal(err)
	}
	derived, _ := zmq.CurvePublic(secret)
	fmt.Println(len(public), len(secret), derived == public)
	// Output: 40 40 true
}

// The public key belonging to a secret key (here RFC 26's example server key).
func ExampleCurvePublic() {
	public, err := zmq.CurvePublic("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(public)
	// Output: rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7
}

// serveZAP is a minimal ZAP handler (RFC 27): it answers each request on its REP socket with
// 200 and the user id check returns, or 400 when check refuses. It owns the socket and ends
// when the context closes.
func serveZAP(handler *zmq.Socket, check func(mechanism string, credentials [][]byte) (string, bool)) {
	defer handler.Close()
	for {
		// version, request id, domain, address, identity, mechanism, credentials...
		req, err := handler.RecvMulti(0)
		if err != nil {
			return // the context is closing
		}
		status, userID := "400", ""
		if len(req) >= 6 {
			if id, ok := check(string(req[5]), req[6:]); ok {
				status, userID = "200", id
			}
		}
		handler.SendMulti([][]byte{[]byte("1.0"), req[1], []byte(status), nil, []byte(userID), nil}, 0)
	}
}

// A CURVE server lets in only the client keys its ZAP handler knows; every message it
// receives says who sent it.
func Example_curve() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Close()
	serverPublic, serverSecret, _ := zmq.CurveKeypair()
	clientPublic, clientSecret, _ := zmq.CurveKeypair()

	// The ZAP handler: a REP socket bound at inproc://zeromq.zap.01, before the server.
	handler, _ := ctx.NewSocket(zmq.REP)
	if err := handler.Bind("inproc://zeromq.zap.01"); err != nil {
		log.Fatal(err)
	}
	go serveZAP(handler, func(mechanism string, credentials [][]byte) (string, bool) {
		key, _ := zmq.Z85Encode(credentials[0]) // CURVE's credential: the client's public key
		return "alice", mechanism == "CURVE" && key == clientPublic
	})

	server, _ := ctx.NewSocket(zmq.REP)
	defer server.Close()
	server.SetCurveServer(true)
	server.SetCurvePublicKey(serverPublic)
	server.SetCurveSecretKey(serverSecret)
	if err := server.Bind("tcp://127.0.0.1:*"); err != nil {
		log.Fatal(err)
	}

	client, _ := ctx.NewSocket(zmq.REQ)
	defer client.Close()
	client.SetCurveServerKey(serverPublic)
	client.SetCurvePublicKey(clientPublic)
	client.SetCurveSecretKey(clientSecret)
	client.Connect(server.LastEndpoint())

	client.Send([]byte("hello"), 0)
	req, _ := server.RecvMsg(0)
	fmt.Printf("%s from %s\n", req.Bytes(), req.Property("User-Id"))
	server.Send([]byte("welcome"), 0)
	reply, _ := client.Recv(0)
	fmt.Println(string(reply))
	// Output:
	// hello from alice
	// welcome
}

// A PLAIN server asks its ZAP handler about every username and password.
func Example_plain() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Close()

	handler, _ := ctx.NewSocket(zmq.REP)
	if err := handler.Bind("inproc://zeromq.zap.01"); err != nil {
		log.Fatal(err)
	}
	go serveZAP(handler, func(mechanism string, credentials [][]byte) (string, bool) {
		ok := mechanism == "PLAIN" && string(credentials[0]) == "admin" && string(credentials[1]) == "secret"
		return string(credentials[0]), ok
	})

	server, _ := ctx.NewSocket(zmq.PULL)
	defer server.Close()
	server.SetPlainServer(true)
	if err := server.Bind("tcp://127.0.0.1:*"); err != nil {
		log.Fatal(err)
	}
	client, _ := ctx.NewSocket(zmq.PUSH)
	defer client.Close()
	client.SetPlainUsername("admin")
	client.SetPlainPassword("secret")
	client.Connect(server.LastEndpoint())

	client.Send([]byte("report"), 0)
	m, _ := server.RecvMsg(0)
	fmt.Printf("%s from %s\n", m.Bytes(), m.Property("User-Id"))
	// Output: report from admin
}
