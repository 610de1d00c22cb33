package auth

import (
	"context"
	"log/slog"
)

// ZAP status codes (RFC 27). We never answer 300 (temporary failure): every decision is final.
const (
	statusOK       = "200"
	statusDenied   = "400"
	statusInternal = "500"
)

// reply is a ZAP reply before encoding.
type reply struct {
	requestID []byte
	status    string
	text      string
	userID    string
	metadata  []byte // ZMTP property list
}

// frames is the reply as REP sends it: version, request id, status code, status text, user id,
// metadata.
func (r *reply) frames() [][]byte {
	return [][]byte{[]byte("1.0"), r.requestID, []byte(r.status), []byte(r.text), []byte(r.userID), r.metadata}
}

// verdict is what the policy decided about a request.
type verdict struct {
	ok     bool
	reason string // why, for the status text and the log
	meta   map[string]string
}

// reply builds the ZAP reply for req. A refusal carries no user id or metadata (RFC 27).
func (v *verdict) reply(req *request) reply {
	if !v.ok {
		return reply{requestID: req.id, status: statusDenied, text: v.reason}
	}
	userID := req.user
	if id, ok := v.meta[PropUserID]; ok {
		userID = id
	}
	return reply{requestID: req.id, status: statusOK, text: "OK", userID: userID, metadata: encodeMetadata(v.meta)}
}

// logDecision logs an acceptance at Debug and a refusal at Info.
func (a *Authenticator) logDecision(req *request, v *verdict) {
	level, msg, status := slog.LevelDebug, "ZAP allowed", statusOK
	if !v.ok {
		level, msg, status = slog.LevelInfo, "ZAP denied", statusDenied
	}
	a.log.LogAttrs(context.Background(), level, msg,
		slog.String("status", status), slog.String("reason", v.reason),
		slog.String("domain", req.domain), slog.String("address", req.address),
		slog.String("mechanism", req.mechanism), slog.String("user", req.user))
}
